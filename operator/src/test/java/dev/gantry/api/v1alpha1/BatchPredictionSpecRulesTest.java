package dev.gantry.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPredictionSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The spec's immutability rule names its fields one by one; a new field must join it. */
class BatchPredictionSpecRulesTest {
  private static final Set<String> SCHEDULE_FIELDS =
      Set.of(
          "schedule",
          "suspend",
          "concurrencyPolicy",
          "successfulRunsHistoryLimit",
          "failedRunsHistoryLimit");

  @Test
  void theImmutabilityRuleComparesEveryFieldButTheSchedules() {
    var fields =
        Arrays.stream(BatchPredictionSpec.class.getFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            .toList();
    assertThat(fields).containsAll(SCHEDULE_FIELDS);
    for (String field : fields) {
      boolean compared = BatchPredictionSpec.SAME_DATA.contains("self." + field + " == oldSelf.");
      assertThat(compared)
          .as("spec.%s in BatchPredictionSpec.SAME_DATA", field)
          .isEqualTo(!SCHEDULE_FIELDS.contains(field));
    }
  }
}
