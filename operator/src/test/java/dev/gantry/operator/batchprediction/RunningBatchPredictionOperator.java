package dev.gantry.operator.batchprediction;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Only the BatchPrediction reconciler, run by JOSDK in the test JVM against a real API server,
 * watching one namespace. No Job controller or kubelet runs there: tests that need a run to finish
 * write its status, as its own reconcile would once its Jobs ended.
 */
final class RunningBatchPredictionOperator implements AutoCloseable {
  private final Operator operator;

  private RunningBatchPredictionOperator(KubernetesClient client, String namespace) {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new BatchPredictionReconciler(
            new BatchSettings("gantry/inference:test", Optional.empty(), Optional.empty()),
            Clock.systemUTC()),
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningBatchPredictionOperator start(KubernetesClient client, String namespace) {
    return new RunningBatchPredictionOperator(client, namespace);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
