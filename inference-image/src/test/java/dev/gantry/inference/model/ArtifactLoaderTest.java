package dev.gantry.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.inference.support.TestModels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLoaderTest {

  @TempDir Path work;

  private ArtifactLoader loader(Path pvcRoot) {
    return new ArtifactLoader(ModelFetchers.create(pvcRoot), work);
  }

  @Test
  void aModelWithTheExpectedSha256LoadsWithTheBaselineBesideIt() throws Exception {
    String sha = Sha256.of(TestModels.tabular());
    ModelArtifacts a =
        loader(work)
            .load(TestModels.tabular().toUri().toString(), sha.toUpperCase(), Optional.empty());
    assertThat(a.sha256()).isEqualTo(sha);
    assertThat(a.baseline()).hasValueSatisfying(b -> assertThat(b.features()).hasSize(4));
  }

  @Test
  void aSha256MismatchRefusesTheModel() {
    assertThatThrownBy(
            () ->
                loader(work)
                    .load(TestModels.tabular().toString(), "00".repeat(32), Optional.empty()))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("sha256 mismatch")
        .hasMessageContaining("expected " + "00".repeat(32));
  }

  @Test
  void aMissingModelIsReportedAsMissing() {
    assertThatThrownBy(
            () -> loader(work).load(work.resolve("nope.onnx").toString(), null, Optional.empty()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope.onnx");
  }

  @Test
  void aModelWithoutBaselineLoadsWithoutOne() throws Exception {
    ModelArtifacts a = loader(work).load(TestModels.pair().toString(), null, Optional.empty());
    assertThat(a.baseline()).isEmpty();
    assertThat(a.sha256()).isEqualTo(Sha256.of(TestModels.pair()));
  }

  @Test
  void pvcUrisResolveUnderTheMountRootAndMayNotEscapeIt() throws Exception {
    Path root = work.resolve("pvc");
    Files.createDirectories(root.resolve("models/fraud/7"));
    Files.copy(TestModels.pair(), root.resolve("models/fraud/7/model.onnx"));
    ModelArtifacts a = loader(root).load("pvc://models/fraud/7/model.onnx", null, Optional.empty());
    assertThat(a.model()).isEqualTo(root.resolve("models/fraud/7/model.onnx"));
    assertThatThrownBy(
            () -> loader(root).load("pvc://models/../../etc/passwd", null, Optional.empty()))
        .hasMessageContaining("escapes the mount root");
  }

  @Test
  void remoteSchemesNeedTheStorageModule() {
    assertThatThrownBy(() -> loader(work).load("s3://bucket/model.onnx", null, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported model URI scheme");
  }
}
