package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.contract.FeatureBaseline.FeatureType;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SchemaResolverTest {

  private static DatasetSchema resolve(String csv, String hyperparameters) throws IOException {
    return SchemaResolver.resolve(
        CsvTable.read(new StringReader(csv)), Hyperparameters.parse(hyperparameters));
  }

  @Test
  void labelIsInferredFromConventionalNamesElseTheLastColumn() throws IOException {
    assertThat(resolve("Label,x\n0,1\n1,2\n", null).labelColumn()).isEqualTo("Label");
    assertThat(resolve("x,outcome\n1,a\n2,b\n", null).labelColumn()).isEqualTo("outcome");
  }

  @Test
  void typesAreInferredUnlessDeclared() throws IOException {
    DatasetSchema s =
        resolve("n,c,z,y\n1.5,a,1,0\n-2e3,b,2,1\n", "{\"categoricalFeatures\":\"z\"}");

    assertThat(s.features())
        .containsExactly(
            new DatasetSchema.Feature("n", FeatureType.NUMERIC, false),
            new DatasetSchema.Feature("c", FeatureType.CATEGORICAL, false),
            new DatasetSchema.Feature("z", FeatureType.CATEGORICAL, true));
  }

  @Test
  void positiveClassFollowsConventionElseIsTheRarerValue() throws IOException {
    assertThat(resolve("x,y\n1,no\n2,yes\n3,no\n", null).positiveLabel()).isEqualTo("yes");
    assertThat(resolve("x,y\n1,cat\n2,dog\n3,dog\n", null).positiveLabel()).isEqualTo("cat");
    assertThat(resolve("x,y\n1,cat\n2,dog\n", "{\"positiveLabel\":\"dog\"}").positiveLabel())
        .isEqualTo("dog");
  }

  @Test
  void numbersAreOnlyPlainDecimals() {
    assertThat(SchemaResolver.isNumber(" 12.5e-3 ")).isTrue();
    assertThat(SchemaResolver.isNumber(".5")).isTrue();
    assertThat(SchemaResolver.isNumber("NaN")).isFalse();
    assertThat(SchemaResolver.isNumber("0x1p3")).isFalse();
    assertThat(SchemaResolver.isNumber("")).isFalse();
  }

  @Test
  void declaredColumnsMustExistAndAFeatureNamedOutputIsRefused() {
    assertThatThrownBy(() -> resolve("x,y\n1,0\n2,1\n", "{\"numericFeatures\":\"q\"}"))
        .hasMessageContaining("hyperparameters name column 'q' but the dataset has [x, y]");
    assertThatThrownBy(() -> resolve("output,y\n1,0\n2,1\n", null))
        .hasMessageContaining("'output' is reserved");
  }
}
