package dev.gantry.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated artifact location. Supported forms:
 *
 * <ul>
 *   <li>{@code file:///absolute/path}
 *   <li>{@code pvc://<claim>/<path>}: a PersistentVolumeClaim mounted at {@code
 *       <mountRoot>/<claim>} (see {@link StorageConfig#pvcMountRoot()})
 *   <li>{@code http://host/path}, {@code https://host/path} (read-only)
 *   <li>{@code s3://<bucket>/<key>}
 * </ul>
 *
 * <p>{@code location} is the claim (pvc), bucket (s3) or host[:port] (http); {@code path} is the
 * part after it, without a leading slash for pvc and s3 and with one for file and http.
 */
public record StorageUri(Scheme scheme, String location, String path, String raw) {

  public enum Scheme {
    FILE,
    PVC,
    HTTP,
    HTTPS,
    S3;

    String prefix() {
      return name().toLowerCase(Locale.ROOT) + "://";
    }
  }

  // Kubernetes object names (DNS-1123 subdomain): what a PVC name can be.
  private static final Pattern CLAIM = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  // S3 bucket naming rules, loosely: lower case, digits, dots and dashes, 3-63 characters.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * Parses and validates {@code uri}.
   *
   * @throws IllegalArgumentException naming the URI and what is wrong with it
   */
  public static StorageUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("storage URI is empty");
    }
    int sep = uri.indexOf("://");
    if (sep <= 0) {
      throw invalid(uri, "it has no scheme; expected file://, pvc://, http(s):// or s3://");
    }
    String schemeName = uri.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = uri.substring(sep + 3);
    return switch (schemeName) {
      case "file" -> parseFile(uri, rest);
      case "pvc" -> parseBucketLike(uri, rest, Scheme.PVC, CLAIM, "claim name");
      case "s3" -> parseBucketLike(uri, rest, Scheme.S3, BUCKET, "bucket name");
      case "http" -> parseHttp(uri, Scheme.HTTP);
      case "https" -> parseHttp(uri, Scheme.HTTPS);
      default ->
          throw invalid(
              uri,
              "scheme '"
                  + schemeName
                  + "' is not supported; use file://, pvc://, http(s):// or s3://");
    };
  }

  private static StorageUri parseFile(String uri, String rest) {
    String path;
    if (rest.startsWith("/")) {
      path = rest;
    } else if (rest.startsWith("localhost/")) {
      path = rest.substring("localhost".length());
    } else {
      throw invalid(uri, "a file URI needs an absolute path, e.g. file:///data/train.csv");
    }
    rejectTraversal(uri, path);
    return new StorageUri(Scheme.FILE, "", path, uri);
  }

  private static StorageUri parseBucketLike(
      String uri, String rest, Scheme scheme, Pattern namePattern, String what) {
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (name.isEmpty()) {
      throw invalid(uri, "the " + what + " is missing, e.g. " + scheme.prefix() + "name/path");
    }
    if (!namePattern.matcher(name).matches()) {
      throw invalid(uri, "'" + name + "' is not a valid " + what);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.contains("//")) {
      throw invalid(uri, "the path has an empty segment");
    }
    rejectTraversal(uri, path);
    return new StorageUri(scheme, name, path, uri);
  }

  private static StorageUri parseHttp(String uri, Scheme scheme) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw invalid(uri, "it is not a valid URL: " + e.getReason());
    }
    if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
      throw invalid(uri, "the host is missing");
    }
    String authority = parsed.getRawAuthority();
    String path =
        parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
    return new StorageUri(scheme, authority, path, uri);
  }

  private static void rejectTraversal(String uri, String path) {
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw invalid(uri, "'.' and '..' path segments are not allowed");
      }
    }
  }

  private static IllegalArgumentException invalid(String uri, String problem) {
    return new IllegalArgumentException("invalid storage URI '" + uri + "': " + problem);
  }

  /** True for schemes that are a local (mounted) file system path. */
  public boolean isLocal() {
    return scheme == Scheme.FILE || scheme == Scheme.PVC;
  }

  /** True for schemes Gantry can write to. */
  public boolean isWritable() {
    return scheme != Scheme.HTTP && scheme != Scheme.HTTPS;
  }

  /**
   * The local file system path of a file:// or pvc:// URI.
   *
   * @param pvcMountRoot the directory claims are mounted under
   */
  public Path localPath(Path pvcMountRoot) {
    return switch (scheme) {
      case FILE -> Path.of(path);
      case PVC ->
          path.isEmpty()
              ? pvcMountRoot.resolve(location)
              : pvcMountRoot.resolve(location).resolve(path);
      default -> throw new IllegalStateException(raw + " is not a local path");
    };
  }

  /**
   * The URI of {@code child} under this one, e.g. {@code pvc://models/fraud} + {@code model.onnx} =
   * {@code pvc://models/fraud/model.onnx}.
   */
  public StorageUri resolve(String child) {
    if (child.isEmpty() || child.startsWith("/")) {
      throw new IllegalArgumentException(
          "child path must be relative and non-empty: '" + child + "'");
    }
    String base = raw.endsWith("/") ? raw : raw + "/";
    if ((scheme == Scheme.PVC || scheme == Scheme.S3) && path.isEmpty()) {
      base = scheme.prefix() + location + "/";
    }
    return parse(base + child);
  }

  /** The last path segment, e.g. {@code model.onnx}; empty when the URI has no path. */
  public String fileName() {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return raw;
  }
}
