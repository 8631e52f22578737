package dev.gantry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {
  // sha256("hello\n"), as printed by `sha256sum`.
  static final String HELLO_SHA256 =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  @TempDir Path pvcRoot;
  @TempDir Path work;
  Storage storage;

  @BeforeEach
  void createStorage() {
    storage = new Storage(StorageConfig.fromEnvironment(Map.of()).withPvcMountRoot(pvcRoot));
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  @Test
  void sha256OfAFileMatchesSha256sum() throws IOException {
    Path file = Files.writeString(work.resolve("hello.txt"), "hello\n");

    assertThat(Storage.sha256(file)).isEqualTo(HELLO_SHA256);
  }

  @Test
  void uploadToPvcWritesUnderTheClaimDirectoryAndDownloadReadsItBack() throws IOException {
    Path source = Files.writeString(work.resolve("model.onnx"), "hello\n");

    String uploaded = storage.upload(source, "pvc://models/fraud/7/model.onnx");
    Download download =
        storage.download(
            "pvc://models/fraud/7/model.onnx", work.resolve("copy.onnx"), HELLO_SHA256);

    assertThat(uploaded).isEqualTo(HELLO_SHA256);
    assertThat(pvcRoot.resolve("models/fraud/7/model.onnx")).hasContent("hello");
    assertThat(download.sha256()).isEqualTo(HELLO_SHA256);
    assertThat(download.bytes()).isEqualTo(6);
    assertThat(download.path()).hasContent("hello");
  }

  @Test
  void fileUriDownloadAcceptsAnUpperCaseExpectedDigest() throws IOException {
    Path source = Files.writeString(work.resolve("data.csv"), "hello\n");

    Download download =
        storage.download(
            source.toUri().toString(), work.resolve("out/data.csv"), HELLO_SHA256.toUpperCase());

    assertThat(download.path()).hasContent("hello");
  }

  @Test
  void checksumMismatchThrowsWithBothDigestsAndLeavesNoFileBehind() throws IOException {
    Path source = Files.writeString(work.resolve("data.csv"), "tampered\n");
    Path targetDir = Files.createDirectories(work.resolve("out"));
    String expected = "0".repeat(64);
    String actual = sha256Of("tampered\n");

    assertThatThrownBy(
            () ->
                storage.download(
                    source.toUri().toString(), targetDir.resolve("data.csv"), expected))
        .isInstanceOfSatisfying(
            ChecksumMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.actual()).isEqualTo(actual);
              assertThat(e.getMessage()).contains("sha256 mismatch", expected, e.actual());
            });
    assertThat(listing(targetDir)).isEmpty();
  }

  @Test
  void checksumMismatchKeepsAnExistingTargetUnchanged() throws IOException {
    Path source = Files.writeString(work.resolve("data.csv"), "new\n");
    Path target = Files.writeString(work.resolve("current.csv"), "old\n");

    assertThatThrownBy(() -> storage.download(source.toUri().toString(), target, "a".repeat(64)))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(target).hasContent("old");
  }

  @Test
  void missingFileIsReportedAsNotFoundWithoutCreatingTheTarget() {
    Path target = work.resolve("out.csv");

    assertThatThrownBy(() -> storage.download("pvc://data/missing.csv", target, null))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining("pvc://data/missing.csv")
        .hasMessageContaining("no such file");
    assertThat(target).doesNotExist();
  }

  @Test
  void expectedDigestThatIsNotHexIsRejected() {
    assertThatThrownBy(() -> storage.download("file:///x", work.resolve("x"), "abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'abc' is not 64 hexadecimal digits");
  }

  @Test
  void unsupportedSchemeIsRejectedBeforeAnyIo() {
    assertThatThrownBy(() -> storage.download("gs://bucket/data.csv", work.resolve("x"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme 'gs' is not supported");
  }

  @Test
  void uploadToHttpFailsBecauseHttpIsReadOnly() throws IOException {
    Path source = Files.writeString(work.resolve("m.onnx"), "x");

    assertThatThrownBy(() -> storage.upload(source, "https://example.org/m.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read-only");
  }

  @Test
  void uploadReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path first = Files.writeString(work.resolve("a"), "first");
    Path second = Files.writeString(work.resolve("b"), "second");

    storage.upload(first, "pvc://models/m.onnx");
    storage.upload(second, "pvc://models/m.onnx");

    assertThat(pvcRoot.resolve("models/m.onnx")).hasContent("second");
    assertThat(listing(pvcRoot.resolve("models"))).containsExactly("m.onnx");
  }

  static String sha256Of(String text) throws IOException {
    java.security.MessageDigest digest = Sha256.newDigest();
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(digest);
  }

  static java.util.List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
