package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.contract.TrainingEnv;
import dev.gantry.contract.TrainingFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad-input path: a clear message on stderr and in the termination message, the right exit
 * code, and no model written.
 */
class BadInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String GOOD_HEADER = "amount,merchant,is_fraud\n";

  @TempDir Path dir;

  private TrainingFailure failsWith(TrainingFixture f, int exitCode, String reason, String message)
      throws IOException {
    int code = f.train();
    assertThat(code).as(f.stdout + f.stderr).isEqualTo(exitCode);
    TrainingFailure failure = JSON.readValue(f.terminationMessage(), TrainingFailure.class);
    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.message()).contains(message);
    assertThat(f.stderr).contains("training failed (" + reason + ")").contains(message);
    assertThat(f.output).doesNotExist();
    try (Stream<Path> scratch = Files.list(dir.resolve("work"))) {
      assertThat(scratch).as("scratch space is cleaned up").isEmpty();
    }
    return failure;
  }

  @Test
  void emptyFileIsBadInput() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset("");
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "InvalidDataset", "the dataset is empty");
  }

  @Test
  void headerWithoutRowsIsBadInput() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset(GOOD_HEADER);
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "InvalidDataset", "has a header but no data rows");
  }

  @Test
  void missingLabelColumnIsBadInputNamingTheColumns() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset(GOOD_HEADER + "1.0,a,0\n2.0,b,1\n");
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"labelColumn\":\"fraud\"}");
    failsWith(
        f,
        TrainingFailure.EXIT_BAD_INPUT,
        "InvalidDataset",
        "label column 'fraud' is missing; the dataset has columns [amount, merchant, is_fraud]");
  }

  @Test
  void nonNumericValueInANumericColumnIsBadInputNamingColumnLineAndValue() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset(GOOD_HEADER + "1.0,a,0\n2.0,b,1\nabc,c,0\n");
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"numericFeatures\":\"amount\"}");
    failsWith(
        f,
        TrainingFailure.EXIT_BAD_INPUT,
        "InvalidDataset",
        "numeric column 'amount' has the non-numeric value 'abc' on line 4");
  }

  @Test
  void binaryFileIsBadInput() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    Path file = dir.resolve("data.bin");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28});
    f.with(TrainingEnv.DATASET_URI, file.toUri().toString());
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "InvalidDataset", "the dataset is not UTF-8 text");
  }

  @Test
  void raggedRowIsBadInputNamingTheLine() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset(GOOD_HEADER + "1.0,a,0\n2.0,1\n");
    failsWith(
        f,
        TrainingFailure.EXIT_BAD_INPUT,
        "InvalidDataset",
        "line 3 has 2 fields but the header has 3");
  }

  @Test
  void singleClassLabelIsBadInput() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.dataset(GOOD_HEADER + "1.0,a,0\n2.0,b,0\n");
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "InvalidDataset", "must hold exactly 2 classes");
  }

  @Test
  void sha256MismatchIsBadInputWithBothDigests() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(FraudDataGenerator.builder().build(), 200);
    String wrong = "ab".repeat(32);
    f.with(TrainingEnv.DATASET_SHA256, wrong);
    TrainingFailure failure =
        failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "DatasetChecksumMismatch", "sha256 mismatch");
    assertThat(failure.message()).contains("expected " + wrong);
  }

  @Test
  void missingDatasetFileIsBadInput() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.with(TrainingEnv.DATASET_URI, dir.resolve("nope.csv").toUri().toString());
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "DatasetNotFound", "no such file");
  }

  @Test
  void http404DatasetIsBadInput() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        e -> {
          e.sendResponseHeaders(404, -1);
          e.close();
        });
    server.start();
    try {
      TrainingFixture f = new TrainingFixture(dir);
      f.with(
          TrainingEnv.DATASET_URI, "http://127.0.0.1:" + server.getAddress().getPort() + "/d.csv");
      failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "DatasetNotFound", "HTTP 404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unreachableDatasetUriIsACrashSoKubernetesRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TrainingFixture f = new TrainingFixture(dir);
    String uri = "http://127.0.0.1:" + closedPort + "/data.csv";
    f.with(TrainingEnv.DATASET_URI, uri);
    failsWith(f, TrainingFailure.EXIT_CRASH, "DatasetUnreachable", "cannot connect to " + uri);
  }

  @Test
  void unsupportedDatasetSchemeIsBadConfiguration() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.with(TrainingEnv.DATASET_URI, "gs://bucket/data.csv");
    failsWith(
        f, TrainingFailure.EXIT_BAD_INPUT, "InvalidConfiguration", "scheme 'gs' is not supported");
  }

  @Test
  void missingDatasetUriIsBadConfiguration() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    failsWith(
        f, TrainingFailure.EXIT_BAD_INPUT, "InvalidConfiguration", "GANTRY_DATASET_URI is not set");
  }

  @Test
  void readOnlyOutputUriIsRejectedBeforeTraining() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(FraudDataGenerator.builder().build(), 200);
    f.with(TrainingEnv.OUTPUT_URI, "https://example.org/models/");
    failsWith(f, TrainingFailure.EXIT_BAD_INPUT, "InvalidConfiguration", "is read-only");
    assertThat(f.stdout).doesNotContain("epoch=");
  }

  @Test
  void malformedHyperparameterIsBadInputNamingTheKey() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(FraudDataGenerator.builder().build(), 200);
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"epochs\":\"ten\"}");
    failsWith(
        f,
        TrainingFailure.EXIT_BAD_INPUT,
        "InvalidHyperparameters",
        "hyperparameter epochs='ten' is not an integer");
  }

  @Test
  void failureMessageFitsTheTerminationMessageLimit() throws IOException {
    TrainingFixture f = new TrainingFixture(dir);
    String longName = "c".repeat(5000);
    f.dataset("amount," + longName + "\n1,0\n2,1\n");
    f.with(TrainingEnv.HYPERPARAMETERS, "{\"labelColumn\":\"" + "x".repeat(6000) + "\"}");
    assertThat(f.train()).isEqualTo(TrainingFailure.EXIT_BAD_INPUT);
    assertThat(Files.size(f.terminationLog))
        .isLessThanOrEqualTo(TrainingEnv.TERMINATION_MESSAGE_MAX_BYTES);
    assertThat(JSON.readValue(f.terminationMessage(), TrainingFailure.class).message())
        .endsWith("...");
  }

  @Test
  void unwritableOutputStoreIsACrashAndLeavesNoModel() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TrainingFixture f = new TrainingFixture(dir);
    f.generated(FraudDataGenerator.builder().build(), 300);
    f.with(TrainingEnv.OUTPUT_URI, "s3://models/fraud/run-1")
        .with("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closedPort)
        .with("GANTRY_S3_PATH_STYLE", "true")
        .with("AWS_ACCESS_KEY_ID", "test")
        .with("AWS_SECRET_ACCESS_KEY", "test");
    failsWith(
        f,
        TrainingFailure.EXIT_CRASH,
        "OutputWriteFailed",
        "cannot write outputs to s3://models/fraud/run-1");
  }
}
