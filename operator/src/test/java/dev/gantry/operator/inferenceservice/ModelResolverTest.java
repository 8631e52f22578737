package dev.gantry.operator.inferenceservice;

import static dev.gantry.operator.inferenceservice.InferenceServices.isvc;
import static dev.gantry.operator.inferenceservice.InferenceServices.modelVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.common.ModelRef;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceSpec;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelResolverTest {
  private static InferenceServiceSpec byAlias(String alias) {
    InferenceServiceSpec spec = isvc("fraud", null).getSpec();
    spec.modelVersion = null;
    spec.modelRef = new ModelRef();
    spec.modelRef.modelName = "fraud";
    spec.modelRef.alias = alias;
    return spec;
  }

  private static ModelVersion withAliases(ModelVersion mv, String... aliases) {
    mv.getSpec().aliases = List.of(aliases);
    return mv;
  }

  @Test
  void validatedVersionByNameResolves() {
    ModelResolution r =
        ModelResolver.resolve(
            isvc("fraud", "fraud-7").getSpec(), List.of(modelVersion("fraud-7", "7", true)));
    assertThat(r.versionName()).contains("fraud-7");
    assertThat(r.reason()).isEqualTo("Resolved");
  }

  @Test
  void unvalidatedVersionIsRefusedWithItsValidationState() {
    ModelResolution r =
        ModelResolver.resolve(
            isvc("fraud", "fraud-8").getSpec(), List.of(modelVersion("fraud-8", "8", false)));
    assertThat(r.isResolved()).isFalse();
    assertThat(r.reason()).isEqualTo("ModelNotValidated");
    assertThat(r.message()).contains("fraud-8", "Validating", "validation Job running");
    assertThat(r.rejected()).isFalse();
  }

  @Test
  void rejectedVersionIsRefusedForGood() {
    ModelVersion rejected = modelVersion("fraud-8", "8", false);
    rejected.getStatus().phase = ModelVersionPhase.Rejected;
    ModelResolution r =
        ModelResolver.resolve(isvc("fraud", "fraud-8").getSpec(), List.of(rejected));
    assertThat(r.reason()).isEqualTo("ModelNotValidated");
    assertThat(r.rejected()).isTrue();
  }

  @Test
  void versionWithoutStatusIsNotValidated() {
    ModelVersion fresh = modelVersion("fraud-8", "8", false);
    fresh.setStatus(null);
    assertThat(ModelResolver.resolve(isvc("fraud", "fraud-8").getSpec(), List.of(fresh)).message())
        .contains("has no status yet");
  }

  @Test
  void readyPhaseWithoutValidatedConditionCountsAsValidated() {
    ModelVersion mv = modelVersion("fraud-7", "7", true);
    mv.getStatus().conditions = List.of();
    assertThat(ModelResolver.isValidated(mv)).isTrue();
  }

  @Test
  void missingVersionIsNotFound() {
    ModelResolution r = ModelResolver.resolve(isvc("fraud", "fraud-9").getSpec(), List.of());
    assertThat(r.reason()).isEqualTo("ModelNotFound");
    assertThat(r.message()).isEqualTo("ModelVersion fraud-9 does not exist in this namespace");
  }

  @Test
  void aliasResolvesToTheVersionCarryingIt() {
    List<ModelVersion> versions =
        List.of(
            withAliases(modelVersion("fraud-7", "7", true), "challenger"),
            withAliases(modelVersion("fraud-8", "8", true), "champion"));
    ModelResolution r = ModelResolver.resolve(byAlias("champion"), versions);
    assertThat(r.versionName()).contains("fraud-8");
    assertThat(r.message()).contains("alias champion of model fraud");
  }

  @Test
  void aliasOfAnotherModelDoesNotCount() {
    ModelVersion other = withAliases(modelVersion("churn-1", "1", true), "champion");
    other.getSpec().modelName = "churn";
    ModelResolution r = ModelResolver.resolve(byAlias("champion"), List.of(other));
    assertThat(r.reason()).isEqualTo("AliasNotFound");
  }

  @Test
  void aliasConflictKeepsTheVersionWithoutTheConflictCondition() {
    ModelVersion older = withAliases(modelVersion("fraud-7", "7", true), "champion");
    ModelVersion newer = withAliases(modelVersion("fraud-10", "10", true), "champion");
    newer.getStatus().conditions = new ArrayList<>(newer.getStatus().conditions);
    newer
        .getStatus()
        .conditions
        .add(
            new ConditionBuilder()
                .withType("AliasConflict")
                .withStatus("True")
                .withReason("AliasHeld")
                .build());
    assertThat(ModelResolver.resolve(byAlias("champion"), List.of(newer, older)).versionName())
        .contains("fraud-7");
  }

  @Test
  void aliasOnAnUnvalidatedVersionIsRefused() {
    ModelResolution r =
        ModelResolver.resolve(
            byAlias("champion"),
            List.of(withAliases(modelVersion("fraud-8", "8", false), "champion")));
    assertThat(r.reason()).isEqualTo("ModelNotValidated");
  }

  @Test
  void latestIsTheNewestValidatedVersionInNumberOrder() {
    ModelVersion other = modelVersion("churn-12", "12", true);
    other.getSpec().modelName = "churn";
    ModelResolution r =
        ModelResolver.resolve(
            byAlias("latest"),
            List.of(
                modelVersion("fraud-9", "9", true),
                modelVersion("fraud-10", "10", true),
                modelVersion("fraud-11", "11", false),
                other));
    assertThat(r.versionName()).contains("fraud-10");
    assertThat(r.message()).contains("latest validated version of model fraud");
  }

  @Test
  void latestSkipsAVersionBeingDeleted() {
    ModelVersion deleting = modelVersion("fraud-10", "10", true);
    deleting.getMetadata().setDeletionTimestamp("2026-11-22T20:00:00Z");
    assertThat(
            ModelResolver.resolve(
                    byAlias("latest"), List.of(modelVersion("fraud-9", "9", true), deleting))
                .versionName())
        .contains("fraud-9");
  }

  @Test
  void latestWithNothingValidatedIsRefusedSayingSo() {
    ModelResolution r =
        ModelResolver.resolve(byAlias("latest"), List.of(modelVersion("fraud-1", "1", false)));
    assertThat(r.isResolved()).isFalse();
    assertThat(r.reason()).isEqualTo("ModelNotValidated");
    assertThat(r.message())
        .isEqualTo("model fraud has no validated ModelVersion in this namespace yet");
  }
}
