package dev.gantry.operator.inferenceservice;

/** Condition types and reasons of InferenceService status: stable CamelCase constants. */
public final class InferenceServiceReasons {
  public static final String READY = "Ready";
  public static final String MODEL_RESOLVED = "ModelResolved";
  public static final String PREDICTOR_READY = "PredictorReady";
  public static final String CANARY_READY = "CanaryReady";
  public static final String ROLLED_BACK = "RolledBack";

  public static final String RESOLVED = "Resolved";
  public static final String MODEL_NOT_FOUND = "ModelNotFound";
  public static final String ALIAS_NOT_FOUND = "AliasNotFound";
  public static final String MODEL_NOT_VALIDATED = "ModelNotValidated";

  public static final String AVAILABLE = "Available";
  public static final String NOT_SERVING = "NotServing";
  public static final String DEPLOYMENT_PROGRESSING = "DeploymentProgressing";

  public static final String NO_CANARY = "NoCanary";
  public static final String CANARY_STARTING = "CanaryStarting";
  public static final String ANALYSING = "Analysing";
  public static final String ANALYSIS_INCONCLUSIVE = "AnalysisInconclusive";
  public static final String ANALYSIS_FAILED = "AnalysisFailed";
  public static final String ANALYSIS_UNAVAILABLE = "AnalysisUnavailable";

  public static final String NOT_ROLLED_BACK = "NotRolledBack";

  /** The API server refused a child built from the spec. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Events. */
  public static final String SERVING = "Serving";

  public static final String ROLLOUT_STARTED = "RolloutStarted";
  public static final String STEP_ADVANCED = "StepAdvanced";
  public static final String PROMOTED = "Promoted";
  public static final String ROLLOUT_ABORTED = "RolloutAborted";
  public static final String UPDATED = "Updated";

  private InferenceServiceReasons() {}
}
