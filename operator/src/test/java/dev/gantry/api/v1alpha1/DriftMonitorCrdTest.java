package dev.gantry.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.driftmonitor.Correction;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMethod;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The DriftMonitor CRD on a real API server. */
class DriftMonitorCrdTest {
  private static final String NAMESPACE = "driftmonitor-crd-test";
  private static final CrdContract API = new CrdContract(NAMESPACE);

  private static Manifest example() {
    return Manifest.example("driftmonitor.yaml");
  }

  @Test
  void acceptsTheExample() {
    assertThat(API.create(example()).getMetadata().getUid()).isNotBlank();
  }

  @Test
  void fillsStatisticalDefaults() {
    Manifest minimal =
        example()
            .remove("spec.method")
            .remove("spec.thresholds")
            .remove("spec.correction")
            .remove("spec.window.minSamples");
    String name = API.create(minimal).getMetadata().getName();
    DriftMonitor stored =
        API.client().resources(DriftMonitor.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(stored.getSpec().method).isEqualTo(DriftMethod.auto);
    assertThat(stored.getSpec().correction).isEqualTo(Correction.bonferroni);
    assertThat(stored.getSpec().window.minSamples).isEqualTo(1000);
  }

  static Stream<Rejection> invalidSpecs() {
    return Stream.of(
        new Rejection(
            "no service to watch",
            m -> m.remove("spec.inferenceService"),
            "spec.inferenceService: Required value"),
        new Rejection(
            "a negative PSI threshold",
            m -> m.set("spec.thresholds.psi", "-1"),
            "thresholds.psi must be a decimal greater than 0"),
        new Rejection(
            "a KS p-value threshold above 1",
            m -> m.set("spec.thresholds.ks", "1.5"),
            "thresholds.ks is a p-value and must be between 0 and 1"),
        new Rejection(
            "a drift share of zero",
            m -> m.set("spec.driftShare", "0"),
            "driftShare must be a decimal greater than 0 and at most 1"),
        new Rejection(
            "an unknown method",
            m -> m.set("spec.method", "magic"),
            "Unsupported value: \"magic\""),
        new Rejection(
            "retraining without a template",
            m -> m.remove("spec.retrain.template"),
            "retrain.template is required when retrain.enabled is true"),
        new Rejection(
            "a one-second interval",
            m -> m.set("spec.interval", "1s"),
            "interval must be a duration of at least 10s"),
        new Rejection(
            "a schedule that is not cron",
            m -> m.set("spec.retrain.schedule", "every day"),
            "schedule must be a cron expression with five fields"),
        new Rejection(
            "a window of five samples",
            m -> m.set("spec.window.minSamples", 5),
            "window.minSamples must be between 30 and 100000000"),
        new Rejection(
            "a retraining template with zero replicas",
            m -> m.set("spec.retrain.template.replicas", 0),
            "replicas must be at least 1"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecs(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(example()), rejection.expectedMessage());
  }

  @Test
  void letsTheRetrainingTemplateChangeImage() {
    GenericKubernetesResource stored = API.create(example());
    Manifest changed =
        example()
            .named(stored.getMetadata().getName())
            .inNamespace(NAMESPACE)
            .set("spec.retrain.template.image", "gantry/training:0.2.0");
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    assertThat(API.client().resource(changed.resource()).update().getMetadata().getGeneration())
        .isEqualTo(2L);
  }
}
