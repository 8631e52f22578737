package dev.gantry.operator.modelversion;

import java.util.Map;

/** Where a ModelVersion's validation Job stands. */
public sealed interface ValidationOutcome {
  String job();

  /** The Job runs (or is about to). */
  record InProgress(String job, String message) implements ValidationOutcome {}

  /**
   * The Job ended and its report was read (or found missing).
   *
   * @param artifactVerified whether the artifact was found, matched its sha256 and loaded
   * @param artifactReason a reason for the ArtifactVerified condition
   * @param artifactMessage its message
   * @param metrics metrics measured on the golden set, as decimal strings
   * @param runError why the golden set could not be scored although the artifact verified; null
   *     when it was
   */
  record Finished(
      String job,
      boolean artifactVerified,
      String artifactReason,
      String artifactMessage,
      Map<String, String> metrics,
      String runError)
      implements ValidationOutcome {}
}
