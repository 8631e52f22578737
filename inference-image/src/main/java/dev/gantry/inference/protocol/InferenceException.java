package dev.gantry.inference.protocol;

/** A refusal with a protocol-neutral status; each binding maps it to its own code. */
public class InferenceException extends RuntimeException {

  /** Outcomes: HTTP status, gRPC status code name, and the metrics outcome label. */
  public enum Kind {
    INVALID(400, "INVALID_ARGUMENT", "invalid"),
    /** A REST body over gantry.limits.max-request-bytes (gRPC refuses those in its transport). */
    TOO_LARGE(413, "RESOURCE_EXHAUSTED", "invalid"),
    /** A REST body whose Content-Type is neither JSON nor the binary extension's. */
    UNSUPPORTED_MEDIA_TYPE(415, "INVALID_ARGUMENT", "invalid"),
    NOT_FOUND(404, "NOT_FOUND", "not_found"),
    UNAVAILABLE(503, "UNAVAILABLE", "unavailable"),
    ERROR(500, "INTERNAL", "error");

    public final int httpStatus;
    public final String grpcCode;
    private final String outcome;

    Kind(int httpStatus, String grpcCode, String outcome) {
      this.httpStatus = httpStatus;
      this.grpcCode = grpcCode;
      this.outcome = outcome;
    }

    /** The {@code outcome} label of gantry_inference_requests_total. */
    public String outcome() {
      return outcome;
    }
  }

  private final Kind kind;

  public InferenceException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public InferenceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static InferenceException invalid(String message) {
    return new InferenceException(Kind.INVALID, message);
  }

  public Kind kind() {
    return kind;
  }
}
