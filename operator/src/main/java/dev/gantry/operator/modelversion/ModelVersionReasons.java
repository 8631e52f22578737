package dev.gantry.operator.modelversion;

/** Condition types and reasons of a ModelVersion: stable CamelCase words clients may match on. */
public final class ModelVersionReasons {
  public static final String READY = "Ready";
  public static final String ARTIFACT_VERIFIED = "ArtifactVerified";
  public static final String VALIDATED = "Validated";
  public static final String ALIAS_CONFLICT = "AliasConflict";
  public static final String DELETION_BLOCKED = "DeletionBlocked";

  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String VALIDATING = "Validating";
  public static final String VERIFIED = "Verified";

  /** The report came from a stand-in validator (a test cluster's simulated node). */
  public static final String SIMULATED = "Simulated";

  public static final String CHECKSUM_MISMATCH = "ChecksumMismatch";
  public static final String ARTIFACT_MISSING = "ArtifactMissing";
  public static final String ARTIFACT_UNUSABLE = "ArtifactUnusable";
  public static final String REPORT_MISSING = "ValidationReportMissing";
  public static final String REPORT_INVALID = "ValidationReportInvalid";
  public static final String GOLDEN_SET_ERROR = "GoldenSetError";
  public static final String GATES_PASSED = "GatesPassed";
  public static final String GATE_FAILED = "GateFailed";
  public static final String ARTIFACT_NOT_VERIFIED = "ArtifactNotVerified";
  public static final String JOB_NOT_CREATED = "ValidationJobNotCreated";
  public static final String ALIAS_HELD = "AliasHeld";
  public static final String INVALID_ALIAS = "InvalidAlias";
  public static final String NO_CONFLICT = "NoConflict";
  public static final String SERVED = "ServedByInferenceServices";

  private ModelVersionReasons() {}
}
