package dev.gantry.operator.common;

import java.util.Optional;

/** Reads the parts of Gantry storage URIs that the operator acts on. */
public final class StorageUris {
  public static final String PVC_SCHEME = "pvc://";

  /** Where the training contract mounts claim {@code c} of {@code pvc://c/...}. */
  public static final String PVC_MOUNT_ROOT = "/mnt/pvc";

  private StorageUris() {}

  /** The claim of a {@code pvc://<claim>/<path>} URI, empty for other schemes. */
  public static Optional<String> pvcClaim(String uri) {
    if (uri == null || !uri.startsWith(PVC_SCHEME)) {
      return Optional.empty();
    }
    String rest = uri.substring(PVC_SCHEME.length());
    int slash = rest.indexOf('/');
    String claim = slash < 0 ? rest : rest.substring(0, slash);
    return claim.isEmpty() ? Optional.empty() : Optional.of(claim);
  }

  /** {@code base/child}, with exactly one slash between them. */
  public static String child(String base, String child) {
    return (base.endsWith("/") ? base : base + "/") + child;
  }
}
