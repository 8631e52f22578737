package dev.gantry.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds standard conditions that keep their lastTransitionTime until their status flips. */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /**
   * A condition of the given state; its lastTransitionTime is the previous one when the previous
   * condition of that type had the same status, otherwise {@code now}.
   */
  public static Condition of(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String statusText = status ? TRUE : FALSE;
    String transition =
        find(previous, type)
            .filter(c -> Objects.equals(c.getStatus(), statusText))
            .map(Condition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .orElseGet(() -> now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }
}
