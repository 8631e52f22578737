package dev.gantry.operator.driftmonitor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a ModelVersion's baseline.json by URI with the storage library. A baseline never changes
 * once written (a retrained model gets a new ModelVersion and a new URI), so each URI is read once
 * and kept.
 */
public final class BaselineReader {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int MAX_CACHED = 256;

  private final Storage storage;
  private final Map<String, BaselineStatistics> cache = new ConcurrentHashMap<>();

  public BaselineReader(Storage storage) {
    this.storage = storage;
  }

  public BaselineStatistics read(String uri) throws IOException {
    BaselineStatistics cached = cache.get(uri);
    if (cached != null) {
      return cached;
    }
    Path temp = Files.createTempFile("gantry-baseline-", ".json");
    try {
      storage.download(uri, temp, null);
      BaselineStatistics baseline = JSON.readValue(temp.toFile(), BaselineStatistics.class);
      if (baseline.features() == null || baseline.features().isEmpty()) {
        throw new IOException(uri + " has no features");
      }
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(uri, baseline);
      return baseline;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
