package dev.gantry.operator.prometheus;

/**
 * A query that gave no usable answer. The message is written for a status condition: it names the
 * endpoint and what went wrong.
 */
public class PrometheusQueryException extends Exception {

  /** What went wrong, for condition reasons and metrics labels. */
  public enum Kind {
    /** Connection refused, unknown host, TLS failure. */
    UNREACHABLE,
    TIMEOUT,
    /** An HTTP status other than 200 without a Prometheus error body (proxy, auth). */
    HTTP_STATUS,
    /** Prometheus answered with status "error" (bad PromQL, query limits). */
    QUERY_ERROR,
    /** Not the Prometheus query API's JSON. */
    MALFORMED_RESPONSE
  }

  private final Kind kind;

  public PrometheusQueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PrometheusQueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
