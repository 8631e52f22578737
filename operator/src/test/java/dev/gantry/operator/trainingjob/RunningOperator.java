package dev.gantry.operator.trainingjob;

import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TrainingJob reconciler run by JOSDK in the test JVM against a real API server, watching one
 * namespace, counting its reconciles.
 */
final class RunningOperator implements AutoCloseable {
  private final Operator operator;
  private final AtomicInteger reconciles = new AtomicInteger();

  private RunningOperator(KubernetesClient client, String namespace) {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new TrainingJobReconciler(TrainingJobs.settings(), Clock.systemUTC()) {
          @Override
          public UpdateControl<TrainingJob> reconcile(
              TrainingJob trainingJob, Context<TrainingJob> context) {
            reconciles.incrementAndGet();
            return super.reconcile(trainingJob, context);
          }
        },
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningOperator start(KubernetesClient client, String namespace) {
    return new RunningOperator(client, namespace);
  }

  int reconciles() {
    return reconciles.get();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
