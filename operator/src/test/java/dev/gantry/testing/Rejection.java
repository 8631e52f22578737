package dev.gantry.testing;

import java.util.function.UnaryOperator;

/**
 * An invalid change to a valid manifest and the message the API server must answer with.
 *
 * @param description what is wrong, as the test's display name
 * @param change turns the valid manifest into the invalid one
 * @param expectedMessage a fragment of the API server's error
 */
public record Rejection(
    String description, UnaryOperator<Manifest> change, String expectedMessage) {
  @Override
  public String toString() {
    return description;
  }
}
