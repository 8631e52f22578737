package dev.gantry.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.InvalidRowPolicy;
import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The BatchPrediction CRD on a real API server. */
class BatchPredictionCrdTest {
  private static final String NAMESPACE = "batchprediction-crd-test";
  private static final CrdContract API = new CrdContract(NAMESPACE);

  private static Manifest example() {
    return Manifest.example("batchprediction.yaml");
  }

  @Test
  void acceptsTheExample() {
    assertThat(API.create(example()).getMetadata().getUid()).isNotBlank();
  }

  @Test
  void fillsDefaults() {
    Manifest minimal =
        example()
            .remove("spec.parallelism")
            .remove("spec.shards")
            .remove("spec.onInvalidRow")
            .remove("spec.resources");
    String name = API.create(minimal).getMetadata().getName();
    BatchPrediction stored =
        API.client().resources(BatchPrediction.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(stored.getSpec().parallelism).isEqualTo(2);
    assertThat(stored.getSpec().onInvalidRow).isEqualTo(InvalidRowPolicy.Skip);
    assertThat(stored.getSpec().batchSize).isEqualTo(4096);
    assertThat(stored.getSpec().retriesPerShard).isEqualTo(2);
  }

  static Stream<Rejection> invalidSpecs() {
    return Stream.of(
        new Rejection(
            "no model",
            m -> m.remove("spec.modelRef"),
            "set exactly one of spec.modelVersion or spec.modelRef"),
        new Rejection(
            "both a version and an alias",
            m -> m.set("spec.modelVersion", "fraud-1"),
            "set exactly one of spec.modelVersion or spec.modelRef"),
        new Rejection(
            "no inputs",
            m -> m.set("spec.inputs", Manifest.list()),
            "spec.inputs: Invalid value: 0"),
        new Rejection(
            "an input that is no storage URI",
            m -> m.set("spec.inputs", Manifest.list(Manifest.map("uri", "/data/x.csv"))),
            "uri must start with s3://, pvc://, http://, https:// or file://"),
        new Rejection(
            "an http output",
            m -> m.set("spec.output.uri", "https://example.org/out"),
            "output.uri must start with s3://, pvc:// or file:// (http(s) is read-only)"),
        new Rejection("no output", m -> m.remove("spec.output"), "spec.output: Required value"),
        new Rejection(
            "more parallelism than shards",
            m -> m.set("spec.parallelism", 8),
            "parallelism must not exceed shards"),
        new Rejection("zero shards", m -> m.set("spec.shards", 0), "spec.shards: Invalid value"),
        new Rejection(
            "an unknown invalid-row policy",
            m -> m.set("spec.onInvalidRow", "Ignore"),
            "Unsupported value: \"Ignore\""),
        new Rejection(
            "a negative retry count",
            m -> m.set("spec.retriesPerShard", -1),
            "spec.retriesPerShard: Invalid value"),
        new Rejection(
            "an unknown format", m -> m.set("spec.format", "XLSX"), "Unsupported value: \"XLSX\""));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecs(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(example()), rejection.expectedMessage());
  }

  @Test
  void refusesAChangedSpec() {
    GenericKubernetesResource stored = API.create(example());
    Manifest changed =
        example()
            .named(stored.getMetadata().getName())
            .inNamespace(NAMESPACE)
            .set("spec.shards", 8);
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    API.assertUpdateRejected(changed, "spec is immutable");
  }
}
