package dev.gantry.api.v1alpha1.common;

/** CEL fragments and patterns shared by several kinds, so every kind says the same thing. */
public final class Rules {
  /** A Go-style duration such as 30s, 5m or 1h30m (what CEL's duration() accepts). */
  public static final String DURATION_REGEX = "^([0-9]+(ms|s|m|h))+$";

  /** A decimal number written as a string, as Kubernetes APIs prefer for non-integers. */
  public static final String DECIMAL_RULE = "self.matches('^-?[0-9]+([.][0-9]+)?$')";

  /** Schemes every Gantry artifact location may use. */
  public static final String STORAGE_URI_RULE = "self.matches('^(s3|pvc|https?|file)://.+')";

  public static final String STORAGE_URI_MESSAGE =
      "storageUri must start with s3://, pvc://, http://, https:// or file://";

  /** A lowercase hex sha256 digest. */
  public static final String SHA256_RULE = "self.matches('^[a-f0-9]{64}$')";

  public static final String SHA256_MESSAGE = "sha256 must be 64 lowercase hex characters";

  /** A DNS-1123 label, usable inside object names. */
  public static final String DNS_LABEL_REGEX = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A cron expression of five fields (minute hour day-of-month month day-of-week). */
  public static final String CRON_RULE = "self.matches('^(\\\\S+\\\\s+){4}\\\\S+$')";

  private Rules() {}
}
