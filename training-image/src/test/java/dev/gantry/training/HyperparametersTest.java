package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HyperparametersTest {

  @Test
  void stringAndNumberValuesAreBothAcceptedAndUnknownKeysAreReported() {
    Hyperparameters h =
        Hyperparameters.parse(
            "{\"epochs\":\"20\",\"learningRate\":0.01,\"model\":\"FM\","
                + "\"categoricalFeatures\":[\"a\",\"b\"],\"batch_size\":\"64\"}");

    assertThat(h.epochs()).isEqualTo(20);
    assertThat(h.learningRate()).isEqualTo(0.01);
    assertThat(h.model()).isEqualTo("fm");
    assertThat(h.categoricalFeatures()).containsExactly("a", "b");
    assertThat(h.unknownKeys()).containsExactly("batch_size");
  }

  @Test
  void invalidValuesNameTheKey() {
    assertThatThrownBy(() -> Hyperparameters.parse("{\"model\":\"svm\"}"))
        .hasMessageContaining("model='svm' is not one of");
    assertThatThrownBy(() -> Hyperparameters.parse("{\"testFraction\":\"0.95\"}"))
        .hasMessageContaining("testFraction=0.95 is outside");
    assertThatThrownBy(() -> Hyperparameters.parse("[1]"))
        .hasMessage("hyperparameters must be a JSON object");
    assertThatThrownBy(
            () ->
                Hyperparameters.parse("{\"numericFeatures\":\"a\",\"categoricalFeatures\":\"a\"}"))
        .hasMessageContaining("declared both numeric and categorical");
  }
}
