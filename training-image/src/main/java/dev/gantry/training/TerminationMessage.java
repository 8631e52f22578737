package dev.gantry.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.contract.TrainingFailure;
import dev.gantry.contract.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the run's outcome to the Kubernetes termination message file, as JSON that fits in {@link
 * TrainingEnv#TERMINATION_MESSAGE_MAX_BYTES}.
 */
final class TerminationMessage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TerminationMessage() {}

  static String json(TrainingResult result) throws IOException {
    String json = JSON.writeValueAsString(result);
    if (json.getBytes(StandardCharsets.UTF_8).length > TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES) {
      throw new IOException(
          "the result JSON is longer than "
              + TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES
              + " bytes; shorten GANTRY_OUTPUT_URI");
    }
    return json;
  }

  /** The failure as JSON; a long message is shortened (with "...") to fit. */
  static String json(TrainingFailure failure) throws IOException {
    String message = failure.message() == null ? "" : failure.message();
    while (true) {
      String json = JSON.writeValueAsString(new TrainingFailure(failure.reason(), message));
      if (json.getBytes(StandardCharsets.UTF_8).length
          <= TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES) {
        return json;
      }
      message = message.substring(0, message.length() * 3 / 4) + "...";
    }
  }

  static void write(Path path, String json) throws IOException {
    Files.writeString(path, json, StandardCharsets.UTF_8);
  }
}
