package dev.gantry.inference.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.storage.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fetches a model (verifying its sha256) and the baseline statistics beside it. A missing baseline
 * is fine; an unreadable one fails the load, because validation and drift statistics depend on it.
 */
public final class ArtifactLoader {

  private static final Logger LOG = Logger.getLogger(ArtifactLoader.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final ModelFetcher fetcher;
  private final Path downloadDir;

  public ArtifactLoader(ModelFetcher fetcher, Path downloadDir) {
    this.fetcher = fetcher;
    this.downloadDir = downloadDir;
  }

  /**
   * @param baselineUri where the baseline is, or empty for baseline.json beside the model
   */
  public ModelArtifacts load(String modelUri, String expectedSha256, Optional<String> baselineUri)
      throws IOException {
    Files.createDirectories(downloadDir);
    Path model = fetcher.fetch(modelUri, downloadDir.resolve("model.onnx"), expectedSha256);
    String sha256 =
        expectedSha256 == null || expectedSha256.isBlank()
            ? Storage.sha256(model)
            : expectedSha256.trim().toLowerCase(Locale.ROOT);
    String baseline = baselineUri.orElseGet(() -> sibling(modelUri, "baseline.json"));
    return new ModelArtifacts(model, sha256, baseline, readBaseline(baseline));
  }

  private Optional<BaselineFile> readBaseline(String uri) throws IOException {
    Path file;
    try {
      file = fetcher.fetch(uri, downloadDir.resolve("baseline.json"), null);
    } catch (NoSuchFileException | FileNotFoundException e) {
      LOG.infof("no baseline statistics at %s: value ranges are not checked", uri);
      return Optional.empty();
    }
    BaselineStatistics stats = JSON.readValue(file.toFile(), BaselineStatistics.class);
    LOG.infof(
        "baseline statistics from %s: %d features, %d rows",
        uri, stats.features() == null ? 0 : stats.features().size(), stats.rowCount());
    return Optional.of(new BaselineFile(uri, Storage.sha256(file), stats));
  }

  /** The URI of {@code name} in the same directory as {@code uri}. */
  static String sibling(String uri, String name) {
    int slash = uri.lastIndexOf('/');
    return slash < 0 ? name : uri.substring(0, slash + 1) + name;
  }
}
