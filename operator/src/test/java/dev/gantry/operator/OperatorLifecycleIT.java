package dev.gantry.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.testing.OperatorProcess;
import dev.gantry.testing.TestApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged operator starts against a real API server, serves health and metrics, stops. */
class OperatorLifecycleIT {

  @Test
  void startsServesHealthAndMetricsAndStopsCleanlyOnSigterm() throws Exception {
    try (OperatorProcess operator = OperatorProcess.start(TestApiServer.kubeconfigYaml())) {
      operator.awaitStarted();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(operator.get("/q/health/ready").statusCode()).isEqualTo(200));
      assertThat(operator.get("/q/health/ready").body())
          .contains("gantry-crds")
          .contains("\"crds\": 5");
      assertThat(operator.get("/q/health/live").statusCode()).isEqualTo(200);
      assertThat(operator.get("/q/metrics").body())
          .contains("# TYPE jvm_memory_used_bytes gauge")
          .contains("process_cpu_usage");
      assertThat(operator.log()).contains("Gantry operator connected to Kubernetes v1.34");

      int exitCode = operator.stop();

      assertThat(operator.log()).contains("Gantry operator stopped").doesNotContain("ERROR");
      assertThat(exitCode).as("exit code after SIGTERM").isIn(0, 143);
    }
  }

  @Test
  void reportsAnUnreachableClusterAsNotReadyWithTheReason() throws Exception {
    String unreachable =
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]
        current-context: nowhere
        users: [{name: nobody, user: {token: none}}]
        """;
    try (OperatorProcess operator = OperatorProcess.start(unreachable)) {
      operator.awaitStarted();
      var ready = operator.get("/q/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("Kubernetes API server unreachable");
      assertThat(operator.log())
          .contains("cannot reach the Kubernetes API server at https://127.0.0.1:1");
      assertThat(operator.isAlive()).as("one bad setting must not crash the process").isTrue();
    }
  }
}
