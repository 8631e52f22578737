package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TrafficCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRequestHoldsOneTensorPerFeatureAndNoLabel() throws Exception {
    List<FraudDataGenerator.Row> rows = FraudDataGenerator.builder().seed(3).build().generate(4);
    JsonNode request = JSON.readTree(TrafficCommand.inferRequest(rows));

    assertThat(request.path("inputs")).hasSize(FraudDataGenerator.COLUMNS.size() - 1);
    JsonNode amount = request.path("inputs").path(0);
    assertThat(amount.path("name").asText()).isEqualTo("amount");
    assertThat(amount.path("datatype").asText()).isEqualTo("FP32");
    assertThat(amount.path("shape").toString()).isEqualTo("[4,1]");
    assertThat(amount.path("data").path(0).asDouble())
        .isEqualTo(Double.parseDouble(rows.get(0).values().get(0)));
    JsonNode category = request.path("inputs").path(5);
    assertThat(category.path("name").asText()).isEqualTo("merchant_category");
    assertThat(category.path("datatype").asText()).isEqualTo("BYTES");
    assertThat(request.toString()).doesNotContain("is_fraud");
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> TrafficCommand.Settings.parse(new String[] {"--rate", "5"}))
        .hasMessageContaining("--url is required");
    assertThatThrownBy(
            () -> TrafficCommand.Settings.parse(new String[] {"--url", "http://x", "--rate", "0"}))
        .hasMessageContaining("--rate must be positive");
    assertThatThrownBy(() -> TrafficCommand.Settings.parse(new String[] {"--url"}))
        .hasMessageContaining("--url needs a value");
  }

  @Test
  void sendsTheRequestedRequestsAndCountsFailures() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v2/models/fraud/infer",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          int status = bodies.size() == 3 ? 503 : 200;
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      int exit =
          TrafficCommand.run(
              new String[] {"--url", url, "--rate", "200", "--batch", "5", "--requests", "4"},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);

      assertThat(bodies).hasSize(4);
      assertThat(JSON.readTree(bodies.get(0)).path("inputs").path(0).path("shape").toString())
          .isEqualTo("[5,1]");
      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(report).contains("4 requests (1 failed), 15 rows scored").contains("HTTP 503");
      assertThat(exit).as("1 of 4 failed, over the 1%% allowed").isNotZero();
    } finally {
      server.stop(0);
    }
  }
}
