package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.operator.prometheus.PrometheusQueryClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The InferenceService reconciler (only it) run by JOSDK in the test JVM against a real API server,
 * watching one namespace, counting its reconciles, with its own metrics registry.
 */
final class RunningInferenceOperator implements AutoCloseable {
  private final Operator operator;
  private final AtomicInteger reconciles = new AtomicInteger();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RunningInferenceOperator(
      KubernetesClient client,
      String namespace,
      Optional<PrometheusQueryClient> prometheus,
      Duration analysisInterval) {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withCacheSyncTimeout(Duration.ofSeconds(30)));
    operator.register(
        new InferenceServiceReconciler(
            InferenceServices.inference(),
            Optional.of(InferenceServices.OPERATOR),
            InferenceServices.rollout(analysisInterval),
            prometheus,
            meters,
            Clock.systemUTC()) {
          @Override
          public UpdateControl<InferenceService> reconcile(
              InferenceService isvc, Context<InferenceService> context) {
            reconciles.incrementAndGet();
            return super.reconcile(isvc, context);
          }
        },
        c -> c.settingNamespace(namespace));
    operator.start();
  }

  static RunningInferenceOperator start(KubernetesClient client, String namespace) {
    return new RunningInferenceOperator(client, namespace, Optional.empty(), Duration.ofSeconds(2));
  }

  static RunningInferenceOperator start(
      KubernetesClient client, String namespace, PrometheusQueryClient prometheus) {
    return new RunningInferenceOperator(
        client, namespace, Optional.of(prometheus), Duration.ofSeconds(2));
  }

  int reconciles() {
    return reconciles.get();
  }

  double rollbacks() {
    var counter = meters.find("gantry.rollbacks").counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
