package dev.gantry.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart's Argo CD health checks, run by a Lua interpreter on sample objects of each kind. */
class ArgoCdHealthChecksTest {
  private static LuaHealthCheck.Health health(String kind, String status, long generation) {
    return LuaHealthCheck.of(kind)
        .run(
            """
            apiVersion: gantry.dev/v1alpha1
            kind: %s
            metadata: {name: fraud, generation: %d}
            status:
            %s
            """
                .formatted(kind, generation, status.indent(2)));
  }

  private static LuaHealthCheck.Health health(String kind, String status) {
    return health(kind, status, 1);
  }

  private static String phase(String phase, String readyMessage) {
    return """
        observedGeneration: 1
        phase: %s
        conditions:
        - {type: Ready, status: "%s", reason: R, message: "%s"}
        """
        .formatted(phase, phase.equals("Ready") ? "True" : "False", readyMessage);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TrainingJob",
        "ModelVersion",
        "InferenceService",
        "DriftMonitor",
        "BatchPrediction"
      })
  void anObjectWithoutStatusOrWithAStaleOneIsProgressing(String kind) {
    var fresh =
        LuaHealthCheck.of(kind)
            .run("apiVersion: gantry.dev/v1alpha1\nkind: " + kind + "\nmetadata: {name: a}\n");
    assertThat(fresh.status()).isEqualTo("Progressing");
    assertThat(fresh.message()).startsWith("Waiting for the Gantry operator");

    var stale = health(kind, phase("Ready", "old news"), 2);
    assertThat(stale.status()).isEqualTo("Progressing");
    assertThat(stale.message())
        .isEqualTo("Waiting for the Gantry operator to observe generation 2");
  }

  @Test
  void trainingJob() {
    assertThat(health("TrainingJob", phase("Succeeded", "registered fraud-7")))
        .isEqualTo(new LuaHealthCheck.Health("Healthy", "Succeeded: registered fraud-7"));
    assertThat(health("TrainingJob", phase("Pending", "0/2 nodes are available")).status())
        .isEqualTo("Progressing");
    assertThat(health("TrainingJob", phase("Running", "2/2 pods running")).status())
        .isEqualTo("Progressing");
    assertThat(health("TrainingJob", phase("Suspended", "spec.suspend is true")).status())
        .isEqualTo("Suspended");
    assertThat(health("TrainingJob", phase("Failed", "BackoffLimitExceeded")))
        .isEqualTo(new LuaHealthCheck.Health("Degraded", "Failed: BackoffLimitExceeded"));
  }

  @Test
  void modelVersion() {
    assertThat(health("ModelVersion", phase("Ready", "passed 2 gates")))
        .isEqualTo(new LuaHealthCheck.Health("Healthy", "Ready: passed 2 gates"));
    assertThat(
            health("ModelVersion", phase("Validating", "the validation Job is running")).status())
        .isEqualTo("Progressing");
    assertThat(health("ModelVersion", phase("Rejected", "auc 0.81 < min 0.90 (golden set)")))
        .isEqualTo(
            new LuaHealthCheck.Health("Degraded", "Rejected: auc 0.81 < min 0.90 (golden set)"));
    String conflict =
        phase("Ready", "passed 1 gate")
            + "- {type: AliasConflict, status: \"True\", reason: AliasHeld,"
            + " message: \"alias champion of model fraud is held by fraud-6\"}\n";
    assertThat(health("ModelVersion", conflict))
        .isEqualTo(
            new LuaHealthCheck.Health(
                "Degraded", "AliasConflict: alias champion of model fraud is held by fraud-6"));
  }

  @Test
  void inferenceService() {
    assertThat(health("InferenceService", phase("Ready", "2/2 replicas ready")))
        .isEqualTo(new LuaHealthCheck.Health("Healthy", "Ready: 2/2 replicas ready"));
    String canary =
        phase("Progressing", "rolling out")
            + "canary: {modelVersion: fraud-8, trafficPercent: 10, step: 0}\n";
    assertThat(health("InferenceService", canary))
        .isEqualTo(
            new LuaHealthCheck.Health("Progressing", "Rolling out fraud-8 at 10% of traffic"));
    assertThat(health("InferenceService", phase("Failed", "ModelNotValidated")).status())
        .isEqualTo("Degraded");
    String rolledBack =
        phase("Ready", "serving fraud-7")
            + "- {type: RolledBack, status: \"True\", reason: AnalysisFailed,"
            + " message: \"error rate 0.05 > max 0.01\"}\n";
    assertThat(health("InferenceService", rolledBack))
        .isEqualTo(new LuaHealthCheck.Health("Degraded", "RolledBack: error rate 0.05 > max 0.01"));
  }

  @Test
  void driftMonitor() {
    assertThat(health("DriftMonitor", phase("Healthy", "1 of 8 features drifted")).status())
        .isEqualTo("Healthy");
    assertThat(health("DriftMonitor", phase("Collecting", "120 of 1000 samples")).status())
        .isEqualTo("Progressing");
    assertThat(health("DriftMonitor", phase("Drifted", "5 of 8 features drifted")))
        .isEqualTo(new LuaHealthCheck.Health("Degraded", "Drifted: 5 of 8 features drifted"));
    assertThat(health("DriftMonitor", phase("Failed", "no baseline")).status())
        .isEqualTo("Degraded");
  }

  @Test
  void batchPrediction() {
    String failed =
        """
        observedGeneration: 1
        phase: Failed
        conditions:
        - {type: Complete, status: "False", reason: PlanFailed, message: "the plan failed: InputNotFound"}
        """;
    assertThat(health("BatchPrediction", failed))
        .isEqualTo(new LuaHealthCheck.Health("Degraded", "Failed: the plan failed: InputNotFound"));
    assertThat(health("BatchPrediction", failed.replace("Failed", "Succeeded")).status())
        .isEqualTo("Healthy");
    assertThat(
            health("BatchPrediction", failed.replace("phase: Failed", "phase: Running")).status())
        .isEqualTo("Progressing");
  }

  @Test
  void scheduledBatchPrediction() {
    String scheduled =
        """
        observedGeneration: 1
        phase: Scheduled
        lastRun: nightly-202611220300
        lastRunPhase: Succeeded
        conditions:
        - {type: Scheduled, status: "True", reason: WaitingForFiring, message: "next run at 2026-11-23T03:00:00Z"}
        """;
    assertThat(health("BatchPrediction", scheduled))
        .isEqualTo(
            new LuaHealthCheck.Health("Healthy", "Scheduled: next run at 2026-11-23T03:00:00Z"));
    assertThat(
            health(
                    "BatchPrediction",
                    scheduled.replace("lastRunPhase: Succeeded", "lastRunPhase: Running"))
                .status())
        .isEqualTo("Healthy");
    assertThat(
            health(
                    "BatchPrediction",
                    scheduled.replace("lastRunPhase: Succeeded", "lastRunPhase: Failed"))
                .status())
        .isEqualTo("Degraded");
    String suspended =
        """
        observedGeneration: 1
        phase: Suspended
        conditions:
        - {type: Scheduled, status: "False", reason: Suspended, message: "spec.suspend is true: no firing starts a run"}
        """;
    assertThat(health("BatchPrediction", suspended))
        .isEqualTo(
            new LuaHealthCheck.Health(
                "Suspended", "Suspended: spec.suspend is true: no firing starts a run"));
    String invalid =
        """
        observedGeneration: 1
        phase: Failed
        conditions:
        - {type: Scheduled, status: "False", reason: InvalidSchedule, message: "spec.schedule is not a valid cron expression"}
        """;
    assertThat(health("BatchPrediction", invalid).status()).isEqualTo("Degraded");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TrainingJob",
        "ModelVersion",
        "InferenceService",
        "DriftMonitor",
        "BatchPrediction"
      })
  void theDocsCarryEachScriptUnchangedUnderItsArgoCdKey(String kind) throws IOException {
    String docs = Files.readString(RepoFiles.resolve("helm/gantry/docs/argocd-health.md"));
    String indented =
        LuaHealthCheck.of(kind)
            .script()
            .lines()
            .map(l -> l.isEmpty() ? "" : "    " + l)
            .collect(Collectors.joining("\n"));
    assertThat(docs)
        .contains(
            "  resource.customizations.health.gantry.dev_" + kind + ": |\n" + indented + "\n");
  }
}
