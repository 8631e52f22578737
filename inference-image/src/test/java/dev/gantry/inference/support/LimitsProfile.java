package dev.gantry.inference.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The tabular model behind tight request limits: 2 tensors, 40 elements (10 rows of 4), BYTES
 * elements of 8 bytes, 64 KB bodies and gRPC messages.
 */
public class LimitsProfile extends TabularProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("gantry.work-dir", workDir("limits"));
    config.put("gantry.limits.max-tensors", "2");
    config.put("gantry.limits.max-elements", "40");
    config.put("gantry.limits.max-element-bytes", "8");
    return config;
  }
}
