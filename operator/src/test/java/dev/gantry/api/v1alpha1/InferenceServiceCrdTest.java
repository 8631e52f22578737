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
import java.util.Map;
import java.util.stream.IntStream;
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

  private static Manifest secured() {
    return Manifest.example("inferenceservice-secured.yaml");
  }

  private static InferenceService stored(Manifest manifest) {
    String name = API.create(manifest).getMetadata().getName();
    return API.client()
        .resources(InferenceService.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  @Test
  void acceptsTheSecuredExample() {
    InferenceService isvc = stored(secured());
    assertThat(isvc.getSpec().security.auth.tokenSecretRef.name).isEqualTo("fraud-api-token");
    assertThat(isvc.getSpec().security.networkPolicy.ingressFrom).hasSize(3);
  }

  @Test
  void fillsSecurityDefaults() {
    InferenceService isvc =
        stored(
            secured()
                .set("spec.security.auth.tokenSecretRef", map("name", "fraud-api-token"))
                .set("spec.security.networkPolicy", map("enabled", true)));
    assertThat(isvc.getSpec().security.auth.tokenSecretRef.key).isEqualTo("token");
    assertThat(isvc.getSpec().security.networkPolicy.ingressFrom).isNull();
    assertThat(isvc.getSpec().security.networkPolicy.metricsFrom)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.namespaceSelector.getMatchLabels())
                    .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "monitoring")));

    InferenceService off = stored(secured().set("spec.security.networkPolicy", map()));
    assertThat(off.getSpec().security.networkPolicy.enabled).isFalse();
  }

  /** [] is not unset: it keeps every scraper out, and the default does not refill it. */
  @Test
  void keepsAnEmptyMetricsFromAndAcceptsAnEmptyPodSelector() {
    InferenceService isvc =
        stored(
            secured()
                .set("spec.security.networkPolicy.metricsFrom", list())
                .set("spec.security.networkPolicy.ingressFrom", list(map("podSelector", map()))));
    assertThat(isvc.getSpec().security.networkPolicy.metricsFrom).isEmpty();
    assertThat(isvc.getSpec().security.networkPolicy.ingressFrom).hasSize(1);
  }

  static Stream<Rejection> invalidSecurity() {
    String np = "spec.security.networkPolicy.";
    return Stream.of(
        new Rejection(
            "an empty token Secret name",
            m -> m.set("spec.security.auth.tokenSecretRef.name", ""),
            "tokenSecretRef.name must not be empty"),
        new Rejection(
            "a token Secret without a name",
            m -> m.set("spec.security.auth.tokenSecretRef", map("key", "token")),
            "spec.security.auth.tokenSecretRef.name: Required value"),
        new Rejection(
            "auth without a token Secret",
            m -> m.set("spec.security.auth", map()),
            "spec.security.auth.tokenSecretRef: Required value"),
        new Rejection(
            "a token Secret name no Secret can have",
            m -> m.set("spec.security.auth.tokenSecretRef.name", "Fraud_Token"),
            "tokenSecretRef.name must be a Secret name"),
        new Rejection(
            "a token key with a slash",
            m -> m.set("spec.security.auth.tokenSecretRef.key", "a/b"),
            "tokenSecretRef.key must be a Secret key"),
        new Rejection(
            "an empty ingressFrom entry",
            m -> m.set(np + "ingressFrom", list(map())),
            "a peer needs podSelector, namespaceSelector or ipBlock"),
        new Rejection(
            "an ingressFrom ipBlock beside a podSelector",
            m ->
                m.set(
                    np + "ingressFrom",
                    list(map("ipBlock", map("cidr", "10.0.0.0/8"), "podSelector", map()))),
            "a peer with ipBlock must not also set podSelector or namespaceSelector"),
        new Rejection(
            "an ingressFrom ipBlock without cidr",
            m ->
                m.set(np + "ingressFrom", list(map("ipBlock", map("except", list("10.1.0.0/16"))))),
            "spec.security.networkPolicy.ingressFrom[0].ipBlock.cidr: Required value"),
        new Rejection(
            "an ingressFrom cidr without prefix length",
            m -> m.set(np + "ingressFrom", list(map("ipBlock", map("cidr", "10.0.0.1")))),
            "ipBlock.cidr must be an IP range such as 10.0.0.0/8 or 2001:db8::/32"),
        new Rejection(
            "an empty metricsFrom entry",
            m -> m.set(np + "metricsFrom", list(map())),
            "spec.security.networkPolicy.metricsFrom[0]: Invalid value: \"object\": a peer needs"
                + " podSelector, namespaceSelector or ipBlock"),
        new Rejection(
            "a metricsFrom ipBlock without cidr",
            m -> m.set(np + "metricsFrom", list(map("ipBlock", map()))),
            "spec.security.networkPolicy.metricsFrom[0].ipBlock.cidr: Required value"),
        new Rejection(
            "more than 32 ingressFrom entries",
            m ->
                m.set(
                    np + "ingressFrom",
                    IntStream.range(0, 33)
                        .mapToObj(i -> (Object) map("podSelector", map()))
                        .toList()),
            "must have at most 32 items"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSecurity")
  void rejectsInvalidSecurity(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(secured()), rejection.expectedMessage());
  }
}
