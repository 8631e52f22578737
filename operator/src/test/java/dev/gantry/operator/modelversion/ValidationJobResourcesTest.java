package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersions.goldenSet;
import static dev.gantry.operator.modelversion.ModelVersions.modelVersion;
import static dev.gantry.operator.modelversion.ModelVersions.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ValidationJobResourcesTest {
  private static Map<String, String> env(Job job) {
    return container(job).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void runsTheInferenceImageInValidateModeOnTheArtifact() {
    ModelVersion mv = modelVersion("7");
    mv.getSpec().validation.goldenSet = goldenSet("pvc://data/fraud/golden.csv", "0.9");
    Job job = ValidationJobResources.job(mv, settings());

    assertThat(container(job).getImage()).isEqualTo("gantry/inference:0.1.0");
    assertThat(container(job).getArgs()).containsExactly("validate");
    assertThat(env(job))
        .containsEntry("GANTRY_MODEL_URI", "s3://models/fraud/7/model.onnx")
        .containsEntry("GANTRY_MODEL_SHA256", ModelVersions.SHA256)
        .containsEntry("GANTRY_VALIDATE_GOLDEN_URI", "pvc://data/fraud/golden.csv")
        .containsEntry("GANTRY_VALIDATE_LABEL_COLUMN", "label")
        // The operator applies the gates; the image only measures.
        .doesNotContainKeys("GANTRY_VALIDATE_GATES", "GANTRY_VALIDATE_MIN_ACCURACY");
    assertThat(container(job).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/mnt/pvc/data");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(900L);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void isOwnedByTheModelVersionAndLabelledWithIt() {
    Job job = ValidationJobResources.job(modelVersion("7"), settings());
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("ModelVersion");
              assertThat(o.getName()).isEqualTo("fraud-7");
              assertThat(o.getUid()).isEqualTo("uid-fraud-7");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getMetadata().getLabels()).containsEntry("gantry.dev/modelversion", "fraud-7");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("gantry.dev/modelversion", "fraud-7");
  }

  @Test
  void passesThePodSecurityRestrictedProfileWithAReadOnlyRoot() {
    Job job = ValidationJobResources.job(modelVersion("7"), settings());
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = container(job).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container(job).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/work", "/tmp");
  }

  @Test
  void podsRunWhereTheConfiguredPlacementSays() {
    Job anywhere = ValidationJobResources.job(modelVersion("7"), settings());
    assertThat(anywhere.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(anywhere.getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();

    ValidationPlacement placement =
        ValidationPlacement.parse(
            """
            {"nodeSelector": {"gantry.dev/real-node": "true"},
             "tolerations": [{"key": "gantry.dev/real-node", "operator": "Exists"}]}""");
    var settings =
        new ValidationSettings(
            "gantry/inference:0.1.0",
            900,
            java.util.List.of(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            placement);
    var pod = ValidationJobResources.job(modelVersion("7"), settings).getSpec().getTemplate();
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("gantry.dev/real-node", "true");
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getKey() + " " + t.getOperator())
                    .isEqualTo("gantry.dev/real-node Exists"));
  }

  @Test
  void aMalformedPlacementNamesTheSetting() {
    assertThat(ValidationPlacement.parse(" ")).isEqualTo(ValidationPlacement.ANYWHERE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ValidationPlacement.parse("{\"nodeSelektor\": {}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validation.placement")
        .hasMessageContaining("nodeSelektor");
  }

  @Test
  void storageCredentialsComeFromAnOptionalSecretAndTheConfiguredServiceAccount() {
    Job plain = ValidationJobResources.job(modelVersion("7"), settings());
    assertThat(container(plain).getEnvFrom()).isNullOrEmpty();
    assertThat(plain.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();

    var settings =
        new ValidationSettings(
            "gantry/inference:0.1.0",
            900,
            java.util.List.of(),
            java.util.Optional.of("gantry-storage"),
            java.util.Optional.of("model-reader"),
            ValidationPlacement.ANYWHERE);
    Job job = ValidationJobResources.job(modelVersion("7"), settings);
    assertThat(container(job).getEnvFrom())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getSecretRef().getName()).isEqualTo("gantry-storage");
              assertThat(e.getSecretRef().getOptional()).isTrue();
            });
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("model-reader");
    assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void nameIsStableAndChangesOnlyWithWhatIsValidated() {
    ModelVersion mv = modelVersion("7");
    String name = ValidationJobResources.jobName(mv);
    assertThat(name).matches("fraud-7-validate-[0-9a-f]{8}");
    mv.getSpec().validation.gates.clear();
    mv.getSpec().metrics.put("f1", "0.5");
    assertThat(ValidationJobResources.jobName(mv)).isEqualTo(name);
    mv.getSpec().validation.goldenSet = goldenSet("s3://data/golden.csv", null);
    assertThat(ValidationJobResources.jobName(mv)).isNotEqualTo(name);
  }

  @Test
  void longNamesFitTheSixtyThreeCharacterLabelLimit() {
    ModelVersion mv = modelVersion("12345678901234567890");
    mv.getSpec().modelName = "a".repeat(40);
    mv.getMetadata().setName(mv.getSpec().modelName + "-" + mv.getSpec().version);
    assertThat(ValidationJobResources.jobName(mv)).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void copiesOnlyAnnotationsWithConfiguredPrefixes() {
    ModelVersion mv = modelVersion("7");
    mv.getMetadata()
        .setAnnotations(
            Map.of("e2e.gantry.dev/termination-message", "{}", "team.example.com/owner", "ml"));
    assertThat(
            ValidationJobResources.job(mv, settings("e2e.gantry.dev/"))
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsExactly(Map.entry("e2e.gantry.dev/termination-message", "{}"));
    assertThat(
            ValidationJobResources.job(mv, settings())
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .isNullOrEmpty();
  }
}
