package dev.gantry.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a step of a BatchPrediction writes to its termination message (and stdout), as one JSON
 * line; the operator builds the BatchPrediction's status from these. Kubernetes keeps at most 4096
 * bytes, so a report holds counts, not rows.
 *
 * @param step {@code plan} or {@code shard}
 * @param ok whether the step did its work (a shard that skipped invalid rows is ok)
 * @param shard the shard's index; null for the plan
 * @param totalRows plan: rows over all inputs; shard: rows in its range
 * @param predicted shard: rows scored and written
 * @param invalid shard: rows refused by input validation (written to its errors file under Skip)
 * @param seconds the step's own time: read, validate, score, write
 * @param sha256 shard: digest of its output file
 * @param reused shard: true when a complete output of the same plan was found and kept
 * @param reason a stable CamelCase reason when not ok: {@code InputNotFound}, {@code
 *     OutputNotWritable}, {@code InvalidRows}, {@code ModelNotLoadable}, {@code Crash}, ...
 * @param message a human explanation when not ok
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchReport(
    String step,
    boolean ok,
    Integer shard,
    Long totalRows,
    Long predicted,
    Long invalid,
    Double seconds,
    String sha256,
    Boolean reused,
    String reason,
    String message) {

  public static final String STEP_PLAN = "plan";
  public static final String STEP_SHARD = "shard";

  /**
   * Exit code for a failure that a retry cannot mend (input missing, output not writable, invalid
   * rows under {@code onInvalidRow: Fail}, model not loadable): the Job does not retry the index.
   */
  public static final int EXIT_PERMANENT = 3;

  /** Exit code for any other failure (a crash, an unreachable store): the index is retried. */
  public static final int EXIT_RETRYABLE = 1;
}
