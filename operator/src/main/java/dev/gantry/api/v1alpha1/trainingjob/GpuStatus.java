package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** GPUs held by the job's running pods and how much they are used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuStatus {
  @JsonPropertyDescription("GPUs held by running pods.")
  public Integer allocated;

  @JsonPropertyDescription("Mean utilization of those GPUs over the last check, in percent.")
  public Integer utilizationPercent;

  @JsonPropertyDescription("Seconds all GPUs have stayed below the idle threshold, unbroken.")
  public Long idleSeconds;

  @JsonPropertyDescription("GPU-seconds consumed so far (GPUs held x seconds).")
  public Long gpuSeconds;
}
