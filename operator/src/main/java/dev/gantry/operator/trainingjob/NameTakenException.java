package dev.gantry.operator.trainingjob;

/** A child's name is held by an object that is not this TrainingJob's: the user must act. */
final class NameTakenException extends RuntimeException {
  NameTakenException(String message) {
    super(message);
  }
}
