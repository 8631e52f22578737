package dev.gantry.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings; the Helm chart sets them as GANTRY_* environment variables. */
@ConfigMapping(prefix = "gantry")
public interface GantryConfig {

  /** How training pods are built. */
  Training training();

  interface Training {
    /**
     * The extended resource that counts as a GPU (nvidia.com/gpu, amd.com/gpu, ...): what
     * status.gpu.allocated counts.
     */
    @WithDefault("nvidia.com/gpu")
    String gpuResourceName();

    /** The rendezvous port of rank 0 (MASTER_PORT); 29500 is PyTorch's default. */
    @WithDefault("29500")
    int masterPort();
  }
}
