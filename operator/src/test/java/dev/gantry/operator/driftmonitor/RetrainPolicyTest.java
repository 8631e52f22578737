package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.api.v1alpha1.driftmonitor.RetrainSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

  private static RetrainSpec spec() {
    RetrainSpec spec = new RetrainSpec();
    spec.enabled = true;
    spec.cooldown = "1h";
    spec.template = new TrainingJobSpec();
    spec.template.image = "trainer";
    return spec;
  }

  private static RetrainPolicy.Inputs inputs(
      RetrainSpec spec, Instant now, boolean drifted, List<RetrainPolicy.Run> runs) {
    return new RetrainPolicy.Inputs(spec, now, drifted, runs, null, CREATED, null);
  }

  private static RetrainPolicy.Run finished(String name, Instant created) {
    return new RetrainPolicy.Run(name, created, true);
  }

  @Test
  void driftStartsARetraining() {
    var decision = RetrainPolicy.decide(inputs(spec(), NOW, true, List.of()));

    assertThat(decision.start()).isTrue();
    assertThat(decision.reason()).isEqualTo(RetrainPolicy.DRIFT);
  }

  @Test
  void noDriftNoScheduleNoAgeHolds() {
    var decision = RetrainPolicy.decide(inputs(spec(), NOW, false, List.of()));

    assertThat(decision.start()).isFalse();
    assertThat(decision.reason()).isEqualTo(RetrainPolicy.NOT_DUE);
  }

  @Test
  void disabledOrWithoutOnDriftNeverStartsOnDrift() {
    RetrainSpec disabled = spec();
    disabled.enabled = false;
    RetrainSpec notOnDrift = spec();
    notOnDrift.onDrift = false;

    assertThat(RetrainPolicy.decide(inputs(disabled, NOW, true, List.of())).reason())
        .isEqualTo(RetrainPolicy.DISABLED);
    assertThat(RetrainPolicy.decide(inputs(notOnDrift, NOW, true, List.of())).start()).isFalse();
  }

  @Test
  void onlyOneRetrainingRunsAtATime() {
    var running = new RetrainPolicy.Run("m-retrain-1", NOW.minusSeconds(7200), false);

    var decision = RetrainPolicy.decide(inputs(spec(), NOW, true, List.of(running)));

    assertThat(decision.start()).isFalse();
    assertThat(decision.reason()).isEqualTo(RetrainPolicy.RUNNING);
    assertThat(decision.message()).contains("m-retrain-1");
  }

  @Test
  void cooldownHoldsUntilItsLastInstantAndReleasesExactlyAtItsEnd() {
    var last = finished("m-retrain-1", NOW.minusSeconds(3600));

    var justBefore = RetrainPolicy.decide(inputs(spec(), NOW.minusMillis(1), true, List.of(last)));
    var atTheEnd = RetrainPolicy.decide(inputs(spec(), NOW, true, List.of(last)));

    assertThat(justBefore.start()).isFalse();
    assertThat(justBefore.reason()).isEqualTo(RetrainPolicy.COOLDOWN);
    assertThat(justBefore.message()).contains("lasts until 2026-11-22T12:00:00Z");
    assertThat(atTheEnd.start()).isTrue();
  }

  @Test
  void cooldownCountsFromTheRecordedRetrainingWhenItsJobWasDeleted() {
    var in =
        new RetrainPolicy.Inputs(spec(), NOW, true, List.of(), NOW.minusSeconds(60), CREATED, null);

    assertThat(RetrainPolicy.decide(in).reason()).isEqualTo(RetrainPolicy.COOLDOWN);
  }

  @Test
  void aModelOlderThanMaxModelAgeIsRetrained() {
    RetrainSpec spec = spec();
    spec.maxModelAge = "720h";
    Instant model = NOW.minusSeconds(720 * 3600);

    var old =
        RetrainPolicy.decide(
            new RetrainPolicy.Inputs(spec, NOW, false, List.of(), null, CREATED, model));
    var young =
        RetrainPolicy.decide(
            new RetrainPolicy.Inputs(
                spec, NOW.minusMillis(1), false, List.of(), null, CREATED, model));

    assertThat(old.start()).isTrue();
    assertThat(old.reason()).isEqualTo(RetrainPolicy.MODEL_AGE);
    assertThat(young.start()).isFalse();
  }

  @Test
  void aScheduleFiresOnceAfterEachFiringTime() {
    RetrainSpec spec = spec();
    spec.onDrift = false;
    spec.schedule = "0 3 * * *";
    Instant fired = Instant.parse("2026-11-22T03:00:00Z");

    // Created after the 03:00 firing: nothing until the next one.
    var createdLater =
        RetrainPolicy.decide(
            new RetrainPolicy.Inputs(
                spec, NOW, false, List.of(), null, fired.plusSeconds(1), null));
    // Created before it: the firing is due.
    var due = RetrainPolicy.decide(inputs(spec, NOW, false, List.of()));
    // Already retrained after that firing: not again.
    var done =
        RetrainPolicy.decide(
            inputs(spec, NOW, false, List.of(finished("m-retrain-1", fired.plusSeconds(30)))));
    // Exactly at the firing time it is due.
    var atFiring = RetrainPolicy.decide(inputs(spec, fired, false, List.of()));

    assertThat(createdLater.start()).isFalse();
    assertThat(due.start()).isTrue();
    assertThat(due.reason()).isEqualTo(RetrainPolicy.SCHEDULE);
    assertThat(due.message()).contains("2026-11-22T03:00:00Z");
    assertThat(done.start()).isFalse();
    assertThat(atFiring.start()).isTrue();
  }

  @Test
  void namesCountUpFromTheHighestTaken() {
    var runs =
        List.of(
            finished("fraud-drift-retrain-2", NOW),
            finished("fraud-drift-retrain-10", NOW),
            finished("other", NOW));

    assertThat(RetrainPolicy.nextName("fraud-drift", List.of())).isEqualTo("fraud-drift-retrain-1");
    assertThat(RetrainPolicy.nextName("fraud-drift", runs)).isEqualTo("fraud-drift-retrain-11");
    assertThat(RetrainPolicy.nextName("m".repeat(60), List.of()))
        .hasSize(RetrainResources.MAX_MONITOR_PART + "-retrain-1".length());
  }

  @Test
  void aMalformedScheduleIsRefusedWithCronUtilsReason() {
    RetrainSpec spec = spec();
    spec.schedule = "61 * * * *";

    assertThatThrownBy(() -> RetrainPolicy.decide(inputs(spec, NOW, false, List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
