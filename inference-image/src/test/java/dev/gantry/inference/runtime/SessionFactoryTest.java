package dev.gantry.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.TestModels;
import dev.gantry.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFactoryTest {

  @TempDir Path work;

  private SessionFactory factory(String... providers) {
    return new SessionFactory(
        new SessionFactory.Settings("all", 1, 0, List.of(providers), true, work, false));
  }

  @Test
  void signatureListsTheModelsRealInputsAndOutputs() throws Exception {
    try (OrtModel model = factory("CPU").create(TestModels.tabular(), "abc")) {
      assertThat(model.signature().inputs())
          .containsExactly(new TensorSpec("input", Datatype.FP32, new long[] {-1, 4}));
      assertThat(model.signature().outputs())
          .containsExactly(new TensorSpec("output", Datatype.FP32, new long[] {-1, 2}));
      assertThat(model.signature().isBatchable()).isTrue();
    }
  }

  @Test
  void optimizedGraphIsSavedAndReusedOnTheNextStart() throws Exception {
    String sha = Storage.sha256(TestModels.tabular());
    try (OrtModel first = factory("CPU").create(TestModels.tabular(), sha)) {
      assertThat(first.executionProviders()).containsExactly("CPU");
    }
    List<Path> saved;
    try (var files = Files.list(work)) {
      saved = files.toList();
    }
    assertThat(saved).singleElement().satisfies(p -> assertThat(p.toString()).contains(sha));
    long modified = Files.getLastModifiedTime(saved.get(0)).toMillis();
    try (OrtModel second = factory("CPU").create(TestModels.tabular(), sha)) {
      assertThat(second.signature().inputs()).hasSize(1);
    }
    assertThat(Files.getLastModifiedTime(saved.get(0)).toMillis()).isEqualTo(modified);
  }

  @Test
  void missingGpuProvidersFallBackToCpu() throws Exception {
    try (OrtModel model = factory("CUDA", "TensorRT", "CPU").create(TestModels.pair(), "p")) {
      assertThat(model.executionProviders()).containsExactly("CPU");
    }
  }

  @Test
  void runEqualsAPlainSessionRunExactly() throws Exception {
    float[][] rows = new float[5][4];
    double[][] x = TestModels.rows(3, 5);
    float[] flat = new float[20];
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 4; c++) {
        rows[r][c] = (float) x[r][c];
        flat[r * 4 + c] = rows[r][c];
      }
    }
    float[][] expected;
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      expected = ref.run(Map.of("input", rows), "output");
    }
    try (OrtModel model = factory("CPU").create(TestModels.tabular(), "x")) {
      Tensor out =
          model
              .run(List.of(new Tensor("input", Datatype.FP32, new long[] {5, 4}, flat)), Set.of())
              .get(0);
      assertThat(out.shape()).containsExactly(5, 2);
      float[] got = (float[]) out.data();
      for (int r = 0; r < 5; r++) {
        assertThat(new float[] {got[r * 2], got[r * 2 + 1]}).containsExactly(expected[r]);
      }
    }
  }

  @Test
  void everySupportedDatatypeRoundTripsThroughOnnxRuntime() throws Exception {
    try (OrtModel model = factory("CPU").create(TestModels.types(), "t")) {
      List<Tensor> inputs =
          List.of(
              new Tensor("d", Datatype.FP64, new long[] {2, 2}, new double[] {1.5, -2, 3e-300, 4}),
              new Tensor("i", Datatype.INT32, new long[] {2}, new int[] {Integer.MIN_VALUE, 7}),
              new Tensor(
                  "l", Datatype.INT64, new long[] {2, 2}, new long[] {Long.MAX_VALUE, 1, 2, 3}),
              new Tensor("flag", Datatype.BOOL, new long[] {2}, new boolean[] {true, false}),
              new Tensor("text", Datatype.BYTES, new long[] {2}, new String[] {"héllo", ""}));
      List<Tensor> out = model.run(inputs, Set.of());
      assertThat(out)
          .containsExactly(
              inputs.get(0).withName("d_out"),
              inputs.get(1).withName("i_out"),
              inputs.get(2).withName("l_out"),
              new Tensor("flag_out", Datatype.BOOL, new long[] {2}, new boolean[] {false, true}),
              inputs.get(4).withName("text_out"));
    }
  }
}
