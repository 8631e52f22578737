package dev.gantry.inference.fuzz;

import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.validation.InferRequestValidator;
import java.nio.charset.StandardCharsets;

/**
 * One fuzz input for the REST decoding path: a body (with the binary extension's JSON length, or
 * null), the model it is sent to and the validator that judges it.
 */
public record Case(
    ModelSignature signature, byte[] body, Integer jsonLength, InferRequestValidator validator) {

  @Override
  public String toString() {
    String text = new String(body, StandardCharsets.UTF_8);
    return "Case[jsonLength="
        + jsonLength
        + ", inputs="
        + signature.inputs()
        + ", body("
        + body.length
        + ")="
        + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text)
        + "]";
  }
}
