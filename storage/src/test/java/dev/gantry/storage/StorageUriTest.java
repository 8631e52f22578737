package dev.gantry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageUriTest {

  @Test
  void pvcUriResolvesUnderTheMountRootAndClaim() {
    StorageUri uri = StorageUri.parse("pvc://models/fraud/7/model.onnx");

    assertThat(uri.scheme()).isEqualTo(StorageUri.Scheme.PVC);
    assertThat(uri.location()).isEqualTo("models");
    assertThat(uri.path()).isEqualTo("fraud/7/model.onnx");
    assertThat(uri.localPath(Path.of("/mnt/pvc")))
        .isEqualTo(Path.of("/mnt/pvc/models/fraud/7/model.onnx"));
  }

  @Test
  void s3UriSplitsIntoBucketAndKey() {
    StorageUri uri = StorageUri.parse("s3://data/fraud/2026-11.csv");

    assertThat(uri.scheme()).isEqualTo(StorageUri.Scheme.S3);
    assertThat(uri.location()).isEqualTo("data");
    assertThat(uri.path()).isEqualTo("fraud/2026-11.csv");
    assertThat(uri.fileName()).isEqualTo("2026-11.csv");
  }

  @Test
  void fileUriKeepsItsAbsolutePath() {
    assertThat(StorageUri.parse("file:///data/train.csv").localPath(Path.of("/unused")))
        .isEqualTo(Path.of("/data/train.csv"));
    assertThat(StorageUri.parse("file://localhost/data/train.csv").path())
        .isEqualTo("/data/train.csv");
  }

  @Test
  void httpUriKeepsHostPortAndPath() {
    StorageUri uri = StorageUri.parse("https://example.org:8443/d/train.csv");

    assertThat(uri.scheme()).isEqualTo(StorageUri.Scheme.HTTPS);
    assertThat(uri.location()).isEqualTo("example.org:8443");
    assertThat(uri.path()).isEqualTo("/d/train.csv");
    assertThat(uri.isWritable()).isFalse();
  }

  @Test
  void resolveAppendsAChildToADirectoryUri() {
    assertThat(StorageUri.parse("pvc://models/fraud").resolve("model.onnx").raw())
        .isEqualTo("pvc://models/fraud/model.onnx");
    assertThat(StorageUri.parse("s3://bucket/").resolve("a/b.json").raw())
        .isEqualTo("s3://bucket/a/b.json");
    assertThat(StorageUri.parse("file:///out/").resolve("m.onnx").raw())
        .isEqualTo("file:///out/m.onnx");
  }

  @ParameterizedTest(name = "{0} is rejected because {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "ftp://host/file.csv | scheme 'ftp' is not supported",
        "/data/train.csv | it has no scheme",
        "file://data/train.csv | a file URI needs an absolute path",
        "pvc:///fraud/model.onnx | the claim name is missing",
        "pvc://Models_Upper/x | 'Models_Upper' is not a valid claim name",
        "pvc://models/../etc/passwd | '.' and '..' path segments are not allowed",
        "s3://b/key | 'b' is not a valid bucket name",
        "s3://bucket/a//b | the path has an empty segment",
        "http:///nohost | the host is missing",
      })
  void invalidUriIsRejectedWithAMessageNamingTheUriAndTheProblem(String uri, String problem) {
    assertThatThrownBy(() -> StorageUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + uri + "'")
        .hasMessageContaining(problem);
  }

  @Test
  void emptyUriIsRejected() {
    assertThatThrownBy(() -> StorageUri.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("storage URI is empty");
  }
}
