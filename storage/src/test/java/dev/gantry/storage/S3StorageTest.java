package dev.gantry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real S3-compatible server (moto) on 127.0.0.1; see {@link MotoServer}. */
class S3StorageTest {
  static MotoServer moto;
  static Storage storage;

  @TempDir Path work;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    storage =
        new Storage(
            StorageConfig.fromEnvironment(Map.of())
                .withS3(
                    moto.endpoint(),
                    true,
                    new StorageConfig.S3Credentials("test-access-key", "test-secret-key")));
    createBucket("artifacts");
  }

  @AfterAll
  static void stopMoto() throws IOException {
    if (storage != null) {
      storage.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  // Bucket creation is not part of the Storage API: moto accepts an unsigned PUT.
  private static void createBucket(String bucket) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(moto.endpoint() + "/" + bucket))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void uploadThenDownloadRoundTripsTheBytesAndDigest() throws IOException {
    Path source = Files.writeString(work.resolve("model.onnx"), "hello\n");

    String uploaded = storage.upload(source, "s3://artifacts/fraud/7/model.onnx");
    Download download =
        storage.download("s3://artifacts/fraud/7/model.onnx", work.resolve("copy.onnx"), uploaded);

    assertThat(uploaded).isEqualTo(LocalStorageTest.HELLO_SHA256);
    assertThat(download.path()).hasContent("hello");
    assertThat(download.sha256()).isEqualTo(uploaded);
  }

  @Test
  void largeObjectStreamsThroughWithTheRightDigest() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(data);
    Path source = Files.write(work.resolve("big.bin"), data);

    storage.upload(source, "s3://artifacts/big.bin");
    Download download = storage.download("s3://artifacts/big.bin", work.resolve("big.copy"), null);

    assertThat(download.bytes()).isEqualTo(data.length);
    assertThat(download.sha256()).isEqualTo(Storage.sha256(source));
  }

  @Test
  void missingKeyIsReportedAsNotFound() {
    Path target = work.resolve("x");

    assertThatThrownBy(() -> storage.download("s3://artifacts/nope.csv", target, null))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("s3://artifacts/nope.csv")
        .hasMessageContaining("NoSuchKey");
    assertThat(target).doesNotExist();
  }

  @Test
  void missingBucketIsReportedAsNotFound() {
    assertThatThrownBy(() -> storage.download("s3://no-such-bucket/x.csv", work.resolve("x"), null))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("NoSuchBucket");
  }

  @Test
  void s3ChecksumMismatchLeavesNoFile() throws IOException {
    Path source = Files.writeString(work.resolve("d.csv"), "a,b\n");
    storage.upload(source, "s3://artifacts/d.csv");
    Path target = work.resolve("out/d.csv");

    assertThatThrownBy(() -> storage.download("s3://artifacts/d.csv", target, "1".repeat(64)))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("expected " + "1".repeat(64));
    assertThat(LocalStorageTest.listing(target.getParent())).isEmpty();
  }

  @Test
  void keylessS3UriIsRejected() {
    assertThatThrownBy(() -> storage.download("s3://artifacts", work.resolve("x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("object key is missing");
  }
}
