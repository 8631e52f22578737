package dev.gantry.inference.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.PythonVenv;
import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import dev.gantry.inference.support.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard Open Inference Protocol clients from PyPI (NVIDIA Triton's tritonclient, HTTP and gRPC)
 * drive the running server unchanged. The Python venv is provisioned by the test.
 */
@QuarkusTest
@TestProfile(TabularProfile.class)
class OpenInferenceClientCompatibilityTest {

  private static final Path PYTHON_DIR = Path.of("src/test/python");

  @Inject GrpcServer grpc;
  @TempDir Path tmp;

  @Test
  void tritonClientsTalkToTheServerOverRestAndGrpc() throws Exception {
    Path python =
        PythonVenv.ensure("tritonclient-2.63.0", PYTHON_DIR.resolve("requirements-compat.txt"));
    Json.awaitReady();
    float[][] rows = Rows.tabular(77, 5);
    float[][] expected;
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      expected = ref.run(Map.of("input", rows), "output");
    }
    Path fixture = tmp.resolve("fixture.json");
    Files.writeString(
        fixture,
        Json.write(
            Map.of(
                "model",
                TabularProfile.MODEL,
                "rows",
                rows,
                "expected",
                expected,
                "http_binary",
                true)));
    String output =
        PythonVenv.run(
            List.of(
                python.toString(),
                PYTHON_DIR.resolve("oip_client_compat.py").toString(),
                "127.0.0.1:" + RestAssured.port,
                "127.0.0.1:" + grpc.port(),
                fixture.toString()),
            "the tritonclient compatibility script failed");
    assertThat(output).contains("http: OK (json)", "http: OK (binary)", "grpc: OK", "ALL OK");
  }
}
