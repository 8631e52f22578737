package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliasArbitrationTest {
  private static ModelVersion withAliases(String version, String... aliases) {
    ModelVersion mv = modelVersion(version);
    mv.getSpec().aliases = List.of(aliases);
    return mv;
  }

  @Test
  void theOldestClaimantHoldsTheAlias() {
    ModelVersion older = withAliases("1", "champion");
    ModelVersion newer = withAliases("2", "champion");
    assertThat(AliasArbitration.holder(List.of(newer, older), "fraud", "champion"))
        .map(mv -> mv.getMetadata().getName())
        .contains("fraud-1");
  }

  @Test
  void theNewerClaimantGetsAConflictNamingTheHolder() {
    ModelVersion older = withAliases("1", "champion");
    ModelVersion newer = withAliases("2", "champion", "challenger");
    assertThat(AliasArbitration.conflicts(newer, List.of(older, newer)))
        .containsExactly(
            "alias champion of model fraud is held by fraud-1; remove it there to move it here");
    assertThat(AliasArbitration.conflicts(older, List.of(older, newer))).isEmpty();
  }

  @Test
  void theAliasMovesOnceTheHolderLetsGo() {
    ModelVersion older = withAliases("1");
    ModelVersion newer = withAliases("2", "champion");
    assertThat(AliasArbitration.conflicts(newer, List.of(older, newer))).isEmpty();
  }

  @Test
  void aliasesAreUniquePerModelNotPerNamespace() {
    ModelVersion fraud = withAliases("1", "champion");
    ModelVersion churn = withAliases("2", "champion");
    churn.getSpec().modelName = "churn";
    assertThat(AliasArbitration.conflicts(churn, List.of(fraud, churn))).isEmpty();
  }

  @Test
  void equalCreationTimesAreBrokenByName() {
    ModelVersion a = withAliases("1", "champion");
    ModelVersion b = withAliases("2", "champion");
    b.getMetadata().setCreationTimestamp(a.getMetadata().getCreationTimestamp());
    assertThat(AliasArbitration.conflicts(b, List.of(a, b))).hasSize(1);
    assertThat(AliasArbitration.conflicts(a, List.of(a, b))).isEmpty();
  }

  @Test
  void specProblemsCatchMalformedAndRepeatedAliasesAndNonDecimalMetrics() {
    ModelVersion mv = withAliases("1", "Champion!", "prod", "prod");
    mv.getSpec().metrics.put("auc", "0,93");
    assertThat(SpecProblems.aliases(mv.getSpec()))
        .containsExactly(
            "alias \"Champion!\" must be a lowercase DNS label (letters, digits, '-')",
            "alias prod is listed twice");
    assertThat(SpecProblems.metrics(mv.getSpec()))
        .containsExactly("metric auc is \"0,93\", not a decimal such as 0.93");
  }

  @Test
  void latestIsReservedForTheNewestValidatedVersion() {
    assertThat(SpecProblems.aliases(withAliases("1", "latest").getSpec()))
        .containsExactly(
            "alias latest is reserved: an InferenceService's modelRef alias latest always means"
                + " the newest validated version");
  }
}
