package dev.gantry.operator.driftmonitor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.storage.Storage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a ModelVersion's baseline.json by URI: with the storage library where the operator can
 * reach it, else from a ready serving pod of that ModelVersion ({@link PodBaselines}), which is how
 * a {@code pvc://} baseline is read when the claim is in the users' namespace and so never mounted
 * in the operator ({@link BaselineLocation}). A baseline never changes once written (a retrained
 * model gets a new ModelVersion and a new URI), so each URI is read once and kept.
 */
public final class BaselineReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int MAX_CACHED = 256;

  private final Storage storage;
  private final FromServingPods pods;
  private final Map<String, BaselineStatistics> cache = new ConcurrentHashMap<>();

  /** Where a baseline the operator cannot read comes from: {@link PodBaselines#fetch}. */
  @FunctionalInterface
  public interface FromServingPods {
    BaselineStatistics fetch(
        KubernetesClient client, String namespace, String inferenceService, ModelVersion version)
        throws PodBaselines.Unavailable;
  }

  public BaselineReader(Storage storage, FromServingPods pods) {
    this.storage = storage;
    this.pods = pods;
  }

  /** The baseline cannot be read; the message says what was tried and why each way failed. */
  public static final class UnreadableException extends Exception {
    UnreadableException(String message) {
      super(message);
    }
  }

  /**
   * The baseline of {@code version} ({@code spec.baseline.storageUri}), asking the pods of {@code
   * inferenceService} when the operator cannot read it.
   */
  public BaselineStatistics read(
      KubernetesClient client, String namespace, String inferenceService, ModelVersion version)
      throws UnreadableException {
    String uri = version.getSpec().baseline.storageUri;
    BaselineStatistics cached = cache.get(uri);
    if (cached != null) {
      return cached;
    }
    Optional<String> notLocal =
        BaselineLocation.notReadableLocally(
            uri, storage.config().pvcMountRoot(), Files::isDirectory);
    String localFailure;
    if (notLocal.isPresent()) {
      localFailure = notLocal.get();
    } else {
      try {
        return remember(uri, readLocally(uri));
      } catch (IOException | RuntimeException e) {
        if (!BaselineLocation.askServingPods(uri)) {
          throw new UnreadableException(e.toString());
        }
        localFailure = "the operator could not read it (" + e + ")";
      }
    }
    try {
      return remember(uri, pods.fetch(client, namespace, inferenceService, version));
    } catch (PodBaselines.Unavailable e) {
      throw new UnreadableException(localFailure + ", and " + e.getMessage());
    }
  }

  private BaselineStatistics readLocally(String uri) throws IOException {
    Path temp = Files.createTempFile("gantry-baseline-", ".json");
    try {
      storage.download(uri, temp, null);
      BaselineStatistics baseline = JSON.readValue(temp.toFile(), BaselineStatistics.class);
      if (baseline.features() == null || baseline.features().isEmpty()) {
        throw new IOException(uri + " has no features");
      }
      return baseline;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private BaselineStatistics remember(String uri, BaselineStatistics baseline) {
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(uri, baseline);
    return baseline;
  }
}
