package dev.gantry.operator.driftmonitor;

import dev.gantry.operator.common.StorageUris;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether the operator reads a baseline URI itself or asks a serving pod for it. A pod mounts only
 * claims of its own namespace: the operator's pod (in gantry-system) never has the claims of the
 * users' namespaces, their serving pods do, and they serve the baseline they loaded.
 */
final class BaselineLocation {
  private BaselineLocation() {}

  /**
   * Why the operator cannot read {@code uri} itself, or empty when it should try: a {@code
   * pvc://<claim>/...} URI whose claim is not a directory under the operator's mount root.
   *
   * @param isDirectory the file system's answer (a parameter, so this stays pure)
   */
  static Optional<String> notReadableLocally(
      String uri, Path pvcMountRoot, Predicate<Path> isDirectory) {
    return StorageUris.pvcClaim(uri)
        .filter(claim -> !isDirectory.test(pvcMountRoot.resolve(claim)))
        .map(
            claim ->
                "claim "
                    + claim
                    + " is not mounted in the operator ("
                    + pvcMountRoot.resolve(claim)
                    + ")");
  }

  /**
   * Whether a failed local read of {@code uri} may be retried through a serving pod: only for
   * {@code pvc://}, the one scheme whose reach depends on the pod. Other schemes read the same from
   * anywhere, so a serving pod would fail the same way.
   */
  static boolean askServingPods(String uri) {
    return StorageUris.pvcClaim(uri).isPresent();
  }
}
