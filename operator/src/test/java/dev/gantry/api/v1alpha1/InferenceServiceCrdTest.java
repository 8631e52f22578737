package dev.gantry.api.v1alpha1;

import static dev.gantry.testing.Manifest.list;
import static dev.gantry.testing.Manifest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.inferenceservice.GraphOptimizationLevel;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InputValidation;
import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The InferenceService CRD on a real API server. */
class InferenceServiceCrdTest {
  private static final String NAMESPACE = "inferenceservice-crd-test";
  private static final CrdContract API = new CrdContract(NAMESPACE);

  private static Manifest example() {
    return Manifest.example("inferenceservice.yaml");
  }

  @Test
  void acceptsTheExample() {
    assertThat(API.create(example()).getMetadata().getUid()).isNotBlank();
  }

  @Test
  void fillsRuntimeAndRolloutDefaults() {
    Manifest minimal =
        example()
            .remove("spec.runtime")
            .remove("spec.inputValidation")
            .set("spec.rollout", map("steps", list(25, 100)));
    String name = API.create(minimal).getMetadata().getName();
    InferenceService stored =
        API.client().resources(InferenceService.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(stored.getSpec().inputValidation).isEqualTo(InputValidation.Reject);
    assertThat(stored.getSpec().rollout.stepInterval).isEqualTo("5m");
    assertThat(stored.getSpec().rollout.autoRollback).isTrue();
    assertThat(stored.getSpec().protocolVersion).hasToString("v2");
    minimal.set("spec.runtime", map());
    assertThat(GraphOptimizationLevel.valueOf("all")).isNotNull();
  }

  static Stream<Rejection> invalidSpecs() {
    return Stream.of(
        new Rejection(
            "both a version and a reference",
            m -> m.set("spec.modelVersion", "fraud-7"),
            "set exactly one of spec.modelVersion or spec.modelRef"),
        new Rejection(
            "no model at all",
            m -> m.remove("spec.modelRef"),
            "set exactly one of spec.modelVersion or spec.modelRef"),
        new Rejection(
            "more minimum than maximum replicas",
            m -> m.set("spec.minReplicas", 9),
            "minReplicas must not exceed maxReplicas"),
        new Rejection(
            "descending rollout steps",
            m -> m.set("spec.rollout.steps", list(50, 10, 100)),
            "rollout steps must be strictly ascending"),
        new Rejection(
            "rollout steps that never reach 100",
            m -> m.set("spec.rollout.steps", list(10, 50)),
            "the last rollout step must be 100"),
        new Rejection(
            "an error rate above 1",
            m -> m.set("spec.rollout.analysis.maxErrorRate", "2"),
            "maxErrorRate must be a decimal between 0 and 1"),
        new Rejection(
            "an unknown validation mode",
            m -> m.set("spec.inputValidation", "Maybe"),
            "Unsupported value: \"Maybe\""),
        new Rejection(
            "an execution provider listed twice",
            m -> m.set("spec.runtime.executionProviders", list("CPU", "CPU")),
            "executionProviders must not repeat"),
        new Rejection(
            "an empty batch",
            m -> m.set("spec.runtime.batching.maxBatchSize", 0),
            "maxBatchSize must be between 1 and 4096"),
        new Rejection(
            "a one-second rollout step",
            m -> m.set("spec.rollout.stepInterval", "1s"),
            "stepInterval must be a duration of at least 10s"),
        new Rejection(
            "an alias reference without alias",
            m -> m.set("spec.modelRef", map("modelName", "fraud")),
            "spec.modelRef.alias: Required value"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecs(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(example()), rejection.expectedMessage());
  }
}
