package dev.gantry.inference.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract with the operator: the reports validate mode writes are committed under
 * contract/fixtures/, and the operator's ValidationReportContractTest parses those same files. A
 * report that changes fails here until the fixture is rewritten ({@code
 * -Dupdate.contract.fixtures=true}), so the operator's parser is tested against it.
 */
final class ReportFixture {
  static final Path DIR = Path.of("..", "contract", "fixtures");

  /** Where the tests' model lives (a temp path) is written as this in the fixtures. */
  static final String MODEL_URI = "file:///models/tabular/model.onnx";

  /** The test model is generated anew on each run; its digest is written as this. */
  static final String MODEL_SHA256 = "0123456789abcdef".repeat(4);

  private ReportFixture() {}

  static void matches(String report, String modelLocation, String modelSha256, String fixture)
      throws IOException {
    String normalized =
        report.replace(modelLocation, MODEL_URI).replace(modelSha256, MODEL_SHA256).strip() + "\n";
    Path file = DIR.resolve(fixture);
    if (Boolean.getBoolean("update.contract.fixtures")) {
      Files.createDirectories(DIR);
      Files.writeString(file, normalized);
    }
    assertThat(normalized)
        .as(
            "%s; rewrite it with -Dupdate.contract.fixtures=true and check the operator still"
                + " reads it (ValidationReportContractTest)",
            file)
        .isEqualTo(Files.readString(file));
  }
}
