package dev.gantry.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.batchprediction.InvalidRowPolicy;
import dev.gantry.testing.CrdContract;
import dev.gantry.testing.Manifest;
import dev.gantry.testing.Rejection;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
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

  private static Manifest scheduled() {
    return Manifest.example("batchprediction-scheduled.yaml");
  }

  /** The stored object under its name, changed, with its resourceVersion: an update. */
  private static Manifest changed(
      Manifest original, GenericKubernetesResource stored, String path, Object value) {
    Manifest changed =
        original.named(stored.getMetadata().getName()).inNamespace(NAMESPACE).set(path, value);
    changed.resource().getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
    return changed;
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
            "an unknown format", m -> m.set("spec.format", "XLSX"), "Unsupported value: \"XLSX\""),
        new Rejection(
            "suspend without a schedule",
            m -> m.set("spec.suspend", true),
            "suspend, concurrencyPolicy, successfulRunsHistoryLimit and failedRunsHistoryLimit"
                + " need spec.schedule"),
        new Rejection(
            "a history limit without a schedule",
            m -> m.set("spec.successfulRunsHistoryLimit", 5),
            "need spec.schedule"));
  }

  static Stream<Rejection> invalidSchedules() {
    return Stream.of(
        new Rejection(
            "a cron of four fields",
            m -> m.set("spec.schedule", "0 3 * *"),
            "schedule must be a cron expression with five fields, e.g. \"0 3 * * *\""),
        new Rejection(
            "a cron macro",
            m -> m.set("spec.schedule", "@daily"),
            "schedule must be a cron expression with five fields"),
        new Rejection(
            "a cron of six fields",
            m -> m.set("spec.schedule", "0 0 3 * * *"),
            "schedule must be a cron expression with five fields"),
        new Rejection(
            "a negative history limit",
            m -> m.set("spec.successfulRunsHistoryLimit", -1),
            "spec.successfulRunsHistoryLimit: Invalid value"),
        new Rejection(
            "a huge failed history limit",
            m -> m.set("spec.failedRunsHistoryLimit", 1000),
            "spec.failedRunsHistoryLimit: Invalid value"),
        new Rejection(
            "an unknown concurrency policy",
            m -> m.set("spec.concurrencyPolicy", "Replace"),
            "Unsupported value: \"Replace\""),
        new Rejection(
            "an output too long for the runs' sub-prefix",
            m -> m.set("spec.output.uri", "s3://bucket/" + "x".repeat(2030)),
            "with a schedule, output.uri may have at most 2034 characters"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidSchedules")
  void rejectsInvalidSchedules(Rejection rejection) {
    API.assertCreateRejected(rejection.change().apply(scheduled()), rejection.expectedMessage());
  }

  @Test
  void acceptsTheScheduledExampleAndFillsNoScheduleDefaults() {
    String name = API.create(scheduled().remove("spec.concurrencyPolicy")).getMetadata().getName();
    BatchPrediction stored =
        API.client().resources(BatchPrediction.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(stored.getSpec().schedule).isEqualTo("0 3 * * *");
    // The operator's defaults (Forbid, 3, 1): a CRD default would land on every run too.
    assertThat(stored.getSpec().concurrencyPolicy).isNull();
    assertThat(stored.getSpec().suspend).isNull();
  }

  @Test
  void letsAScheduledOneChangeItsScheduleSuspendPolicyAndLimits() {
    Manifest original = scheduled();
    GenericKubernetesResource stored = API.create(original);
    for (var change :
        List.of(
            Map.entry("spec.schedule", (Object) "30 4 * * 1-5"),
            Map.entry("spec.suspend", true),
            Map.entry("spec.concurrencyPolicy", "Allow"),
            Map.entry("spec.successfulRunsHistoryLimit", 10),
            Map.entry("spec.failedRunsHistoryLimit", 0))) {
      stored =
          API.client()
              .resource(changed(original, stored, change.getKey(), change.getValue()).resource())
              .update();
    }
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(6L);
  }

  @Test
  void refusesChangingWhatAScheduledOneScores() {
    GenericKubernetesResource stored = API.create(scheduled());
    API.assertUpdateRejected(
        changed(scheduled(), stored, "spec.output.uri", "pvc://datasets/elsewhere"),
        "spec is immutable (except schedule, suspend, concurrencyPolicy and the history limits)");
  }

  @Test
  void refusesAddingOrRemovingASchedule() {
    String message = "spec.schedule cannot be added to or removed from an existing BatchPrediction";
    GenericKubernetesResource run = API.create(example());
    API.assertUpdateRejected(changed(example(), run, "spec.schedule", "0 3 * * *"), message);

    GenericKubernetesResource schedule = API.create(scheduled());
    Manifest unscheduled =
        scheduled()
            .named(schedule.getMetadata().getName())
            .inNamespace(NAMESPACE)
            .remove("spec.schedule")
            .remove("spec.concurrencyPolicy")
            .remove("spec.successfulRunsHistoryLimit")
            .remove("spec.failedRunsHistoryLimit");
    unscheduled
        .resource()
        .getMetadata()
        .setResourceVersion(schedule.getMetadata().getResourceVersion());
    API.assertUpdateRejected(unscheduled, message);
  }

  @Test
  void refusesAddingAnOptionalField() {
    GenericKubernetesResource stored = API.create(example());
    API.assertUpdateRejected(
        changed(example(), stored, "spec.idColumn", "account_id"), "spec is immutable");
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
