package dev.gantry.api.v1alpha1;

import static dev.gantry.testing.Manifest.list;
import static dev.gantry.testing.Manifest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ModelVersion CRD on a real API server. Names must be <modelName>-<version>. */
class ModelVersionCrdTest {
  private static final String NAMESPACE = "modelversion-crd-test";
  private static final CrdContract API = new CrdContract(NAMESPACE);
  private static final AtomicInteger VERSIONS = new AtomicInteger(100);

  /** The example under a fresh version, named to match it. */
  private static Manifest example() {
    String version = String.valueOf(VERSIONS.incrementAndGet());
    return Manifest.example("gitops/modelversion.yaml").set("spec.version", version);
  }

  private static String nameOf(Manifest manifest) {
    var spec = (java.util.Map<?, ?>) manifest.resource().getAdditionalProperties().get("spec");
    return spec.get("modelName") + "-" + spec.get("version");
  }

  @Test
  void acceptsTheExample() {
    Manifest example = example();
    assertThat(API.create(example, nameOf(example)).getMetadata().getUid()).isNotBlank();
  }

  static Stream<Rejection> invalidSpecs() {
    return Stream.of(
        new Rejection(
            "an artifact on an unsupported scheme",
            m -> m.set("spec.storageUri", "ftp://models/fraud.onnx"),
            "storageUri must start with s3://, pvc://, http://, https:// or file://"),
        new Rejection(
            "no artifact location",
            m -> m.remove("spec.storageUri"),
            "spec.storageUri: Required value"),
        new Rejection(
            "a malformed sha256",
            m -> m.set("spec.sha256", "XYZ"),
            "sha256 must be 64 lowercase hex characters"),
        new Rejection(
            "a gate without bounds",
            m -> m.set("spec.validation.gates", list(map("metric", "auc"))),
            "a gate needs min, max or both"),
        new Rejection(
            "a gate whose min exceeds its max",
            m ->
                m.set(
                    "spec.validation.gates",
                    list(map("metric", "auc", "min", "0.9", "max", "0.8"))),
            "a gate's min must not exceed its max"),
        new Rejection(
            "a gate bound that is not a number",
            m -> m.set("spec.validation.gates", list(map("metric", "auc", "min", "high"))),
            "min must be a decimal number"),
        new Rejection(
            "an unknown model format",
            m -> m.set("spec.modelFormat.name", "pickle"),
            "Unsupported value: \"pickle\""),
        new Rejection(
            "a golden-set accuracy above 1",
            m -> m.set("spec.validation.goldenSet.minAccuracy", "1.5"),
            "minAccuracy must be a decimal between 0 and 1"),
        new Rejection(
            "a version with spaces",
            m -> m.set("spec.version", "v 1"),
            "version must be letters, digits"),
        new Rejection(
            "more than eight aliases",
            m -> m.set("spec.aliases", list("a", "b", "c", "d", "e", "f", "g", "h", "i")),
            "must have at most 8 items"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecs(Rejection rejection) {
    Manifest invalid = rejection.change().apply(example());
    API.assertCreateRejected(invalid, rejection.expectedMessage());
  }

  @Test
  void rejectsANameThatDoesNotMatchModelAndVersion() {
    API.assertCreateRejected(
        example(), "metadata.name must be <spec.modelName>-<spec.version>, e.g. fraud-7");
  }

  static Stream<Rejection> immutableFields() {
    return Stream.of(
        new Rejection(
            "another artifact",
            m -> m.set("spec.storageUri", "s3://models/fraud/other.onnx"),
            "spec.storageUri is immutable"),
        new Rejection(
            "another version", m -> m.set("spec.version", "999"), "spec.version is immutable"),
        new Rejection(
            "another model name",
            m -> m.set("spec.modelName", "churn"),
            "spec.modelName is immutable"),
        new Rejection(
            "another digest",
            m -> m.set("spec.sha256", "0".repeat(64)),
            "spec.sha256 is immutable once set"),
        new Rejection(
            "no digest", m -> m.remove("spec.sha256"), "spec.sha256 is immutable once set"));
  }

  @ParameterizedTest(name = "rejects changing to {0}")
  @MethodSource("immutableFields")
  void rejectsChangingTheArtifactIdentity(Rejection rejection) {
    Manifest original = example();
    GenericKubernetesResource stored = API.create(original, nameOf(original));
    Manifest changed = original.copy();
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    API.assertUpdateRejected(rejection.change().apply(changed), rejection.expectedMessage());
  }

  @Test
  void acceptsMovingAnAliasAndAddingMetrics() {
    Manifest original = example();
    GenericKubernetesResource stored = API.create(original, nameOf(original));
    Manifest changed = original.copy().set("spec.aliases", list("challenger"));
    changed.set("spec.metrics.precision", "0.88");
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    assertThat(API.client().resource(changed.resource()).update().getMetadata().getGeneration())
        .isEqualTo(2L);
  }
}
