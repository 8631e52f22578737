package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.support.TestModels;
import dev.gantry.inference.validation.ValueRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-row parsing and validation against the tabular model and its baseline. */
class RowBinderTest {

  static PredictModel model;

  @BeforeAll
  static void load() throws Exception {
    Path out = Files.createTempDirectory("gantry-binder");
    model =
        PredictModel.load(
            PredictFixtures.settings(List.of(), out.resolve("out")).build(),
            TestModels.tabular().toString(),
            null);
  }

  @AfterAll
  static void close() throws Exception {
    model.close();
  }

  /** The problems of each row, null for a row that was added. */
  private static List<String> problems(ValidationMode mode, String csv) throws Exception {
    CsvRows rows = new CsvRows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    RowBinder binder =
        RowBinder.of(
            model.ort().signature(),
            model.baseline(),
            rows.header(),
            Optional.of("id"),
            new ValueRules(mode, NonFinitePolicy.Reject, 0.5),
            8);
    List<String> out = new ArrayList<>();
    while (rows.next()) {
      out.add(binder.add(rows));
    }
    return out;
  }

  private static final String BAD =
      "id,label,f3,f2,f1,f0\n"
          + "a,1,0.5,0.25,-1,2\n"
          + "b,1,0.5,x,-1,2\n"
          + "c,1,0.5,0.25,-1\n"
          + "d,1,NaN,0.25,-1,2\n"
          + "e,1,0.5,0.25,100,2\n"
          + "f,1,0.5,,-1,2\n";

  @Test
  void eachInvalidRowNamesTheColumnAndTheProblem() throws Exception {
    List<String> p = problems(ValidationMode.Reject, BAD);
    assertThat(p.get(0)).isNull();
    assertThat(p.get(1)).isEqualTo("column 'f2': 'x' is not a number");
    assertThat(p.get(2)).isEqualTo("the row has 5 cells, the header 6");
    assertThat(p.get(3))
        .isEqualTo(
            "column 'f3': value is NaN; NaN and infinite values are refused"
                + " (gantry.validation.non-finite=Reject)");
    assertThat(p.get(4))
        .startsWith("column 'f1': value 100.0 is outside the allowed range [")
        .endsWith("gantry.validation.mode=Reject)");
    assertThat(p.get(5)).isEqualTo("column 'f2': '' is not a number");
  }

  @Test
  void warnAndOffLetOutOfRangeValuesThroughButNeverNonNumbers() throws Exception {
    for (ValidationMode mode : List.of(ValidationMode.Warn, ValidationMode.Off)) {
      List<String> p = problems(mode, BAD);
      assertThat(p.get(4)).as(mode.name()).isNull();
      assertThat(p.get(1)).as(mode.name()).contains("is not a number");
      assertThat(p.get(3)).as(mode.name()).contains("NaN");
    }
  }

  @Test
  void featureColumnsFollowTheBaselineOrderNotTheFileOrder() throws Exception {
    CsvRows rows =
        new CsvRows(
            new ByteArrayInputStream(
                "id,label,f3,f2,f1,f0\na,1,4,3,2,1\n".getBytes(StandardCharsets.UTF_8)));
    RowBinder binder =
        RowBinder.of(
            model.ort().signature(),
            model.baseline(),
            rows.header(),
            Optional.of("id"),
            new ValueRules(ValidationMode.Reject, NonFinitePolicy.Reject, 0.5),
            8);
    rows.next();
    assertThat(binder.add(rows)).isNull();
    Tensor t = binder.tensors().get(0);
    assertThat(t.shape()).containsExactly(1, 4);
    assertThat((float[]) t.data()).containsExactly(1f, 2f, 3f, 4f);
  }
}
