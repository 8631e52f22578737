package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Only the ModelVersion reconciler, run by JOSDK in the test JVM against a real API server,
 * watching one namespace and counting its reconciles. The InferenceService reconciler is not
 * running: tests write InferenceService status themselves.
 */
final class RunningModelVersionOperator implements AutoCloseable {
  private final Operator operator;
  private final AtomicInteger reconciles = new AtomicInteger();

  private RunningModelVersionOperator(
      KubernetesClient client, String namespace, ValidationSettings settings) {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new ModelVersionReconciler(settings, Clock.systemUTC()) {
          @Override
          public UpdateControl<ModelVersion> reconcile(
              ModelVersion mv, Context<ModelVersion> context) {
            reconciles.incrementAndGet();
            return super.reconcile(mv, context);
          }
        },
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningModelVersionOperator start(
      KubernetesClient client, String namespace, ValidationSettings settings) {
    return new RunningModelVersionOperator(client, namespace, settings);
  }

  int reconciles() {
    return reconciles.get();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
