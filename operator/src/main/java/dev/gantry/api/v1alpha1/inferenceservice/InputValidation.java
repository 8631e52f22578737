package dev.gantry.api.v1alpha1.inferenceservice;

/** What the server does with a request outside the model's contract. */
public enum InputValidation {
  Reject,
  Warn,
  Off
}
