package dev.gantry.inference.protocol;

/** A refusal with a protocol-neutral status; each binding maps it to its own code. */
public class InferenceException extends RuntimeException {

  /** Outcomes: HTTP status, gRPC status code name, and the metrics outcome label. */
  public enum Kind {
    INVALID(400, "INVALID_ARGUMENT"),
    NOT_FOUND(404, "NOT_FOUND"),
    UNAVAILABLE(503, "UNAVAILABLE"),
    ERROR(500, "INTERNAL");

    public final int httpStatus;
    public final String grpcCode;

    Kind(int httpStatus, String grpcCode) {
      this.httpStatus = httpStatus;
      this.grpcCode = grpcCode;
    }

    public String outcome() {
      return name().toLowerCase(java.util.Locale.ROOT);
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
