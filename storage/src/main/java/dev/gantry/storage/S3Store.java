package dev.gantry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads and writes s3:// artifacts with the AWS SDK v2 over the JDK URL connection client. */
final class S3Store implements AutoCloseable {
  private final S3Client client;

  S3Store(StorageConfig config) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(config.connectTimeout())
                    .socketTimeout(config.requestTimeout()))
            .region(Region.of(config.s3Region()))
            .forcePathStyle(config.s3PathStyle())
            // S3-compatible stores (MinIO, Ceph, older appliances) do not all know the newer
            // CRC checksums; Gantry verifies sha256 end to end itself.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (config.s3Endpoint() != null) {
      builder.endpointOverride(config.s3Endpoint());
    }
    if (config.s3Credentials() != null) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  config.s3Credentials().accessKeyId(), config.s3Credentials().secretAccessKey())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    this.client = builder.build();
  }

  /** Opens an object's content; the caller closes it. */
  InputStream open(StorageUri uri) throws IOException {
    requireKey(uri);
    try {
      return client.getObject(
          GetObjectRequest.builder().bucket(uri.location()).key(uri.path()).build());
    } catch (S3Exception e) {
      throw translate(uri, "GET", e);
    } catch (SdkClientException e) {
      throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  /** Uploads {@code source}, recording its sha256 as object metadata. */
  void put(Path source, StorageUri uri, String sha256) throws IOException {
    requireKey(uri);
    try {
      client.putObject(
          PutObjectRequest.builder()
              .bucket(uri.location())
              .key(uri.path())
              .metadata(Map.of("sha256", sha256))
              .build(),
          RequestBody.fromFile(source));
    } catch (S3Exception e) {
      throw translate(uri, "PUT", e);
    } catch (SdkClientException e) {
      throw new IOException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  private static void requireKey(StorageUri uri) {
    if (uri.path().isEmpty()) {
      throw new IllegalArgumentException(
          "invalid storage URI '" + uri + "': the object key is missing");
    }
  }

  private static IOException translate(StorageUri uri, String verb, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (e.statusCode() == 404) {
      return new ArtifactNotFoundException(uri.raw(), code == null ? "HTTP 404" : code);
    }
    return new IOException(
        verb + " " + uri + " failed with HTTP " + e.statusCode() + (code == null ? "" : " " + code),
        e);
  }

  @Override
  public void close() {
    client.close();
  }
}
