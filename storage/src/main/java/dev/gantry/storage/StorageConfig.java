package dev.gantry.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link Storage} reaches each kind of location.
 *
 * @param pvcMountRoot directory under which claim {@code c} of {@code pvc://c/...} is mounted
 * @param s3Endpoint S3 endpoint override (MinIO, moto, ...); null for AWS
 * @param s3Region S3 signing region
 * @param s3PathStyle path-style bucket addressing ({@code http://host/bucket/key}), which MinIO
 *     needs
 * @param s3Credentials static credentials; null for the AWS default chain (env, profile, IRSA, ...)
 * @param connectTimeout HTTP(S) and S3 connect timeout
 * @param requestTimeout HTTP(S) time allowed until response headers arrive
 */
public record StorageConfig(
    Path pvcMountRoot,
    URI s3Endpoint,
    String s3Region,
    boolean s3PathStyle,
    S3Credentials s3Credentials,
    Duration connectTimeout,
    Duration requestTimeout) {

  public static final String PVC_MOUNT_ROOT_ENV = "GANTRY_PVC_MOUNT_ROOT";
  public static final Path DEFAULT_PVC_MOUNT_ROOT = Path.of("/mnt/pvc");
  public static final String S3_PATH_STYLE_ENV = "GANTRY_S3_PATH_STYLE";
  public static final String DEFAULT_REGION = "us-east-1";

  /** Static S3 credentials. */
  public record S3Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
  }

  /** Configuration from the process environment. */
  public static StorageConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Configuration from {@code env}: {@code GANTRY_PVC_MOUNT_ROOT} (default /mnt/pvc), {@code
   * AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} or {@code
   * AWS_DEFAULT_REGION} (default us-east-1), {@code GANTRY_S3_PATH_STYLE=true}. Credentials: {@code
   * AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} when both are in {@code env}, else the AWS
   * default chain (profiles, web identity / IRSA, container and instance roles).
   */
  public static StorageConfig fromEnvironment(Map<String, String> env) {
    Path pvcRoot =
        Path.of(firstNonBlank(env, DEFAULT_PVC_MOUNT_ROOT.toString(), PVC_MOUNT_ROOT_ENV));
    String endpoint = firstNonBlank(env, null, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
    String region = firstNonBlank(env, DEFAULT_REGION, "AWS_REGION", "AWS_DEFAULT_REGION");
    boolean pathStyle = Boolean.parseBoolean(firstNonBlank(env, "false", S3_PATH_STYLE_ENV));
    String accessKey = firstNonBlank(env, null, "AWS_ACCESS_KEY_ID");
    String secretKey = firstNonBlank(env, null, "AWS_SECRET_ACCESS_KEY");
    return new StorageConfig(
        pvcRoot,
        endpoint == null ? null : parseEndpoint(endpoint),
        region,
        pathStyle,
        accessKey != null && secretKey != null ? new S3Credentials(accessKey, secretKey) : null,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  /** The same configuration with another S3 endpoint, path style and static credentials. */
  public StorageConfig withS3(URI endpoint, boolean pathStyle, S3Credentials credentials) {
    return new StorageConfig(
        pvcMountRoot, endpoint, s3Region, pathStyle, credentials, connectTimeout, requestTimeout);
  }

  /** The same configuration with another PVC mount root. */
  public StorageConfig withPvcMountRoot(Path root) {
    return new StorageConfig(
        root, s3Endpoint, s3Region, s3PathStyle, s3Credentials, connectTimeout, requestTimeout);
  }

  private static URI parseEndpoint(String endpoint) {
    URI uri = URI.create(endpoint);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "invalid S3 endpoint '" + endpoint + "': expected e.g. http://minio.minio.svc:9000");
    }
    return uri;
  }

  private static String firstNonBlank(Map<String, String> env, String fallback, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return fallback;
  }
}
