package dev.gantry.operator.modelversion;

import static dev.gantry.operator.modelversion.ModelVersionReasons.*;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionStatus;
import dev.gantry.api.v1alpha1.modelversion.ValidationSpec;
import dev.gantry.operator.common.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole status of a ModelVersion from what was observed: spec problems, the validation outcome,
 * alias arbitration and the InferenceServices serving it. Pure; conditions keep their
 * lastTransitionTime while their status holds.
 */
public final class ModelVersionStatusCalculator {
  static final String UNKNOWN = "Unknown";

  private ModelVersionStatusCalculator() {}

  /**
   * What the reconciler observed.
   *
   * @param specProblems metric values that are not decimals; non-empty means no validation runs
   * @param outcome the validation outcome; empty when the spec is invalid
   * @param invalidAliases malformed or repeated aliases
   * @param heldAliases aliases this version lists that other versions hold
   * @param servedBy InferenceServices serving this version, sorted
   * @param deleting whether the ModelVersion is being deleted
   */
  public record Observed(
      List<String> specProblems,
      Optional<ValidationOutcome> outcome,
      List<String> invalidAliases,
      List<String> heldAliases,
      List<String> servedBy,
      boolean deleting) {}

  public static ModelVersionStatus calculate(ModelVersion mv, Observed observed, Instant now) {
    ModelVersionStatus old = mv.getStatus() == null ? new ModelVersionStatus() : mv.getStatus();
    List<Condition> previous = old.conditions;
    Long generation = mv.getMetadata().getGeneration();
    ModelVersionStatus status = new ModelVersionStatus();
    status.observedGeneration = generation;
    status.servedBy = observed.servedBy().isEmpty() ? null : List.copyOf(observed.servedBy());

    Condition verified;
    Condition validated;
    Condition ready;
    if (!observed.specProblems().isEmpty()) {
      String message = String.join("; ", observed.specProblems());
      status.phase = ModelVersionPhase.Rejected;
      verified = condition(previous, ARTIFACT_VERIFIED, UNKNOWN, INVALID_SPEC, message, mv, now);
      validated = condition(previous, VALIDATED, Conditions.FALSE, INVALID_SPEC, message, mv, now);
      ready = condition(previous, READY, Conditions.FALSE, INVALID_SPEC, message, mv, now);
    } else {
      ValidationOutcome outcome = observed.outcome().orElseThrow();
      status.validationJob = outcome.job();
      switch (outcome) {
        case ValidationOutcome.InProgress running -> {
          status.phase = ModelVersionPhase.Validating;
          verified =
              condition(
                  previous, ARTIFACT_VERIFIED, UNKNOWN, VALIDATING, running.message(), mv, now);
          validated =
              condition(previous, VALIDATED, UNKNOWN, VALIDATING, running.message(), mv, now);
          ready =
              condition(previous, READY, Conditions.FALSE, VALIDATING, running.message(), mv, now);
        }
        case ValidationOutcome.Finished done -> {
          status.validationMetrics =
              done.metrics().isEmpty() ? null : new TreeMap<>(done.metrics());
          verified =
              condition(
                  previous,
                  ARTIFACT_VERIFIED,
                  done.artifactVerified() ? Conditions.TRUE : Conditions.FALSE,
                  done.artifactReason(),
                  done.artifactMessage(),
                  mv,
                  now);
          Verdict verdict = verdict(mv, done);
          validated =
              condition(
                  previous,
                  VALIDATED,
                  verdict.passed() ? Conditions.TRUE : Conditions.FALSE,
                  verdict.reason(),
                  verdict.message(),
                  mv,
                  now);
          status.phase = verdict.passed() ? ModelVersionPhase.Ready : ModelVersionPhase.Rejected;
          ready =
              condition(
                  previous,
                  READY,
                  verdict.passed() ? Conditions.TRUE : Conditions.FALSE,
                  verdict.passed() ? VALIDATED : verdict.readyReason(),
                  verdict.message(),
                  mv,
                  now);
        }
      }
    }
    List<Condition> conditions = new ArrayList<>(List.of(ready, verified, validated));
    List<String> aliasProblems = new ArrayList<>(observed.heldAliases());
    aliasProblems.addAll(observed.invalidAliases());
    conditions.add(
        aliasProblems.isEmpty()
            ? condition(
                previous,
                ALIAS_CONFLICT,
                Conditions.FALSE,
                NO_CONFLICT,
                "aliases are unique",
                mv,
                now)
            : condition(
                previous,
                ALIAS_CONFLICT,
                Conditions.TRUE,
                observed.heldAliases().isEmpty() ? INVALID_ALIAS : ALIAS_HELD,
                String.join("; ", aliasProblems),
                mv,
                now));
    if (observed.deleting() && !observed.servedBy().isEmpty()) {
      conditions.add(
          condition(
              previous,
              DELETION_BLOCKED,
              Conditions.TRUE,
              SERVED,
              deletionBlockedMessage(observed.servedBy()),
              mv,
              now));
    }
    status.conditions = conditions;
    return status;
  }

  static String deletionBlockedMessage(List<String> servedBy) {
    return "deletion waits until no InferenceService serves this version; served by "
        + String.join(", ", servedBy);
  }

  /** The gates' verdict on a finished validation. */
  record Verdict(boolean passed, String reason, String readyReason, String message) {}

  static Verdict verdict(ModelVersion mv, ValidationOutcome.Finished done) {
    if (!done.artifactVerified()) {
      return new Verdict(
          false, ARTIFACT_NOT_VERIFIED, done.artifactReason(), done.artifactMessage());
    }
    if (done.runError() != null) {
      return new Verdict(false, GOLDEN_SET_ERROR, GOLDEN_SET_ERROR, done.runError());
    }
    ValidationSpec validation = mv.getSpec().validation;
    GateEvaluation gates =
        GateEvaluation.evaluate(
            validation == null ? null : validation.gates,
            validation == null ? null : validation.goldenSet,
            mv.getSpec().metrics,
            done.metrics());
    if (!gates.passed()) {
      return new Verdict(false, GATE_FAILED, GATE_FAILED, String.join("; ", gates.failures()));
    }
    String message =
        gates.checked() == 0
            ? "the artifact verifies and loads; no gates are set"
            : "passed " + gates.checked() + (gates.checked() == 1 ? " gate" : " gates");
    return new Verdict(true, GATES_PASSED, VALIDATED, message);
  }

  /** A condition that keeps its lastTransitionTime while its status stays the same. */
  static Condition condition(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      ModelVersion mv,
      Instant now) {
    String transition =
        Conditions.find(previous, type)
            .filter(c -> Objects.equals(c.getStatus(), status))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .orElseGet(() -> now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(mv.getMetadata().getGeneration())
        .withLastTransitionTime(transition)
        .build();
  }
}
