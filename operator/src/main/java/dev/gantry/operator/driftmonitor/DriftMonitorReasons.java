package dev.gantry.operator.driftmonitor;

/** Condition types and reasons of a DriftMonitor (CamelCase, stable: tools match on them). */
public final class DriftMonitorReasons {
  public static final String READY = "Ready";
  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String RETRAIN_TRIGGERED = "RetrainTriggered";

  public static final String EVALUATED = "Evaluated";
  public static final String COLLECTING = "Collecting";
  public static final String DRIFTED = "Drifted";
  public static final String NO_DRIFT = "NoDrift";
  public static final String DRIFT_RESOLVED = "DriftResolved";

  public static final String SERVICE_NOT_FOUND = "InferenceServiceNotFound";
  public static final String NO_SERVED_MODEL = "NoServedModelVersion";
  public static final String MODEL_VERSION_NOT_FOUND = "ModelVersionNotFound";
  public static final String NO_BASELINE = "NoBaseline";
  public static final String BASELINE_UNREADABLE = "BaselineUnreadable";
  public static final String STATISTICS_UNAVAILABLE = "StatisticsUnavailable";
  public static final String STATISTICS_MISMATCH = "StatisticsMismatch";
  public static final String INVALID_SPEC = "InvalidSpec";

  private DriftMonitorReasons() {}
}
