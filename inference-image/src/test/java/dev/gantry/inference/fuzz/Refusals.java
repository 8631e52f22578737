package dev.gantry.inference.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.InferenceException.Kind;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fuzz properties' oracle: a step either succeeds or refuses the request as the client's fault
 * (400, 413, 415 and their gRPC codes), with a message. Any other exception escapes and falsifies
 * the property, since the server would answer it with a 500.
 */
public final class Refusals {

  private static final Set<Kind> CLIENT_ERRORS =
      Set.of(Kind.INVALID, Kind.TOO_LARGE, Kind.UNSUPPORTED_MEDIA_TYPE);

  private Refusals() {}

  public static <T> Optional<T> successOrClientError(Supplier<T> step) {
    try {
      return Optional.of(step.get());
    } catch (InferenceException e) {
      assertThat(e.kind()).as(e.getMessage()).isIn(CLIENT_ERRORS);
      assertThat(e.getMessage()).isNotBlank();
      return Optional.empty();
    }
  }

  /** Runs a step that must refuse the request as the client's fault. */
  public static InferenceException refused(Runnable step) {
    try {
      step.run();
    } catch (InferenceException e) {
      assertThat(e.kind()).as(e.getMessage()).isIn(CLIENT_ERRORS);
      return e;
    }
    throw new AssertionError("the request was accepted");
  }
}
