package dev.gantry.api.v1alpha1;

import static dev.gantry.testing.Manifest.list;
import static dev.gantry.testing.Manifest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.trainingjob.IdleAction;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TrainingJob CRD on a real API server: what it accepts, defaults and rejects. */
class TrainingJobCrdTest {
  private static final CrdContract API = new CrdContract("trainingjob-crd-test");

  private static Manifest example() {
    return Manifest.example("trainingjob.yaml");
  }

  @Test
  void acceptsTheExample() {
    GenericKubernetesResource stored = API.create(example());
    assertThat(stored.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void acceptsTheQueuedExample() {
    GenericKubernetesResource stored = API.create(Manifest.example("kueue/trainingjob.yaml"));
    assertThat(stored.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team");
  }

  @Test
  void fillsDefaultsSoTheOperatorNeverWritesTheSpec() {
    Manifest minimal =
        example().remove("spec.replicas").remove("spec.suspend").remove("spec.output.register");
    minimal.set("spec.idlePolicy", map());
    TrainingJob stored =
        API.client()
            .resources(TrainingJob.class)
            .inNamespace("trainingjob-crd-test")
            .withName(API.create(minimal).getMetadata().getName())
            .get();
    assertThat(stored.getSpec().replicas).isEqualTo(1);
    assertThat(stored.getSpec().suspend).isFalse();
    assertThat(stored.getSpec().output.register).isTrue();
    assertThat(stored.getSpec().idlePolicy.action).isEqualTo(IdleAction.Suspend);
    assertThat(stored.getSpec().idlePolicy.idleAfter).isEqualTo("30m");
    assertThat(stored.getSpec().idlePolicy.onlyWhenPending).isTrue();
  }

  static Stream<Rejection> invalidSpecs() {
    return Stream.of(
        new Rejection("no image", m -> m.remove("spec.image"), "spec.image: Required value"),
        new Rejection("empty image", m -> m.set("spec.image", " "), "image must not be empty"),
        new Rejection(
            "zero replicas", m -> m.set("spec.replicas", 0), "replicas must be at least 1"),
        new Rejection(
            "negative GPUs",
            m -> m.set("spec.resources.limits", map("nvidia.com/gpu", -1, "cpu", "4")),
            "nvidia.com/gpu must be a whole number of 0 or more"),
        new Rejection(
            "half a GPU",
            m -> m.set("spec.resources.limits", map("nvidia.com/gpu", "500m")),
            "nvidia.com/gpu must be a whole number of 0 or more"),
        new Rejection(
            "GPU request different from its limit",
            m -> m.set("spec.resources.requests", map("nvidia.com/gpu", 2)),
            "a GPU request must equal its limit"),
        new Rejection(
            "unknown idle action",
            m -> m.set("spec.idlePolicy.action", "Pause"),
            "Unsupported value: \"Pause\""),
        new Rejection(
            "dataset on an unsupported scheme",
            m -> m.set("spec.dataset.storageUri", "ftp://data/fraud.csv"),
            "storageUri must start with s3://, pvc://, http://, https:// or file://"),
        new Rejection(
            "malformed dataset checksum",
            m -> m.set("spec.dataset.sha256", "not-a-digest"),
            "sha256 must be 64 lowercase hex characters"),
        new Rejection(
            "utilization threshold above 100",
            m -> m.set("spec.idlePolicy.gpuUtilizationThreshold", 150),
            "gpuUtilizationThreshold must be between 0 and 100"),
        new Rejection(
            "idleAfter that is not a duration",
            m -> m.set("spec.idlePolicy.idleAfter", "soon"),
            "idleAfter must be a duration of at least 10s"),
        new Rejection(
            "grace period longer than idleAfter",
            m -> m.set("spec.idlePolicy.gracePeriod", "45m"),
            "idlePolicy.gracePeriod must be shorter than idlePolicy.idleAfter"),
        new Rejection(
            "model name with capitals",
            m -> m.set("spec.output.modelName", "Fraud_Model"),
            "modelName must be lowercase letters, digits and '-'"),
        new Rejection("no output", m -> m.remove("spec.output"), "spec.output: Required value"),
        new Rejection(
            "negative backoffLimit",
            m -> m.set("spec.backoffLimit", -1),
            "backoffLimit must be 0 or more"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSpecs")
  void rejectsInvalidSpecs(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(example()), rejection.expectedMessage());
  }

  static Stream<Rejection> immutableFields() {
    return Stream.of(
        new Rejection(
            "a new image",
            m -> m.set("spec.image", "gantry/training:0.2.0"),
            "spec.image is immutable"),
        new Rejection(
            "more replicas", m -> m.set("spec.replicas", 3), "spec.replicas is immutable"),
        new Rejection(
            "other resources",
            m -> m.set("spec.resources.limits", map("nvidia.com/gpu", 2)),
            "spec.resources is immutable"),
        new Rejection(
            "another output location",
            m -> m.set("spec.output.storageUri", "pvc://models/other"),
            "spec.output is immutable"));
  }

  @ParameterizedTest(name = "rejects changing to {0}")
  @MethodSource("immutableFields")
  void rejectsChangingImmutableFields(Rejection rejection) {
    GenericKubernetesResource stored = API.create(example());
    Manifest changed =
        example().named(stored.getMetadata().getName()).inNamespace("trainingjob-crd-test");
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    API.assertUpdateRejected(rejection.change().apply(changed), rejection.expectedMessage());
  }

  @Test
  void acceptsSuspendingAndResuming() {
    GenericKubernetesResource stored = API.create(example());
    var jobs = API.client().resources(TrainingJob.class).inNamespace("trainingjob-crd-test");
    String name = stored.getMetadata().getName();
    jobs.withName(name).edit(tj -> suspend(tj, true));
    assertThat(jobs.withName(name).get().getSpec().suspend).isTrue();
    jobs.withName(name).edit(tj -> suspend(tj, false));
    assertThat(jobs.withName(name).get().getSpec().suspend).isFalse();
  }

  private static TrainingJob suspend(TrainingJob job, boolean suspend) {
    job.getSpec().suspend = suspend;
    return job;
  }

  @Test
  void acceptsExtraEnvAndPodOverlay() {
    Manifest withOverlay =
        example()
            .set("spec.env", list(map("name", "NCCL_DEBUG", "value", "INFO")))
            .set(
                "spec.podTemplate.tolerations",
                list(map("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")))
            .set("spec.podTemplate.priorityClassName", "research-low");
    assertThat(API.create(withOverlay).getMetadata().getUid()).isNotBlank();
  }
}
