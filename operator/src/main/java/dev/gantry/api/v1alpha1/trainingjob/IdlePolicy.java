package dev.gantry.api.v1alpha1.trainingjob;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.gantry.api.v1alpha1.common.Rules;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** When a job's GPUs count as idle, and what Gantry does about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "duration(self.gracePeriod) < duration(self.idleAfter)",
    message = "idlePolicy.gracePeriod must be shorter than idlePolicy.idleAfter")
public class IdlePolicy {
  @JsonPropertyDescription("Watch this job's GPU use at all.")
  @Default("true")
  public Boolean enabled;

  @JsonPropertyDescription("Percent utilization below which a GPU counts as idle (0-100).")
  @Default("5")
  @ValidationRule(
      value = "self >= 0 && self <= 100",
      message = "gpuUtilizationThreshold must be between 0 and 100")
  public Integer gpuUtilizationThreshold;

  @JsonPropertyDescription("How long all GPUs must stay idle, without a break, before acting.")
  @Default("30m")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "') && duration(self) >= duration('10s')",
      message = "idleAfter must be a duration of at least 10s, such as 30m or 1h30m")
  @Size(max = 64)
  public String idleAfter;

  @JsonPropertyDescription("Never act on a job that has run for less than this.")
  @Default("10m")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "')",
      message = "minRuntime must be a duration such as 10m or 1h")
  @Size(max = 64)
  public String minRuntime;

  @JsonPropertyDescription("Time between SIGTERM and SIGKILL, for the job to checkpoint.")
  @Default("2m")
  @ValidationRule(
      value = "self.matches('" + Rules.DURATION_REGEX + "')",
      message = "gracePeriod must be a duration such as 30s or 2m")
  @Size(max = 64)
  public String gracePeriod;

  @JsonPropertyDescription(
      "Suspend (resume later), Terminate (end the job as Failed) or Notify (report only).")
  @Default("Suspend")
  public IdleAction action;

  @JsonPropertyDescription("Act only while GPU work waits for capacity.")
  @Default("true")
  public Boolean onlyWhenPending;
}
