package dev.gantry.operator.driftmonitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** The retraining TrainingJob a DriftMonitor creates: its template, named and owned. */
public final class RetrainResources {
  /** Why the TrainingJob was started: Drift, Schedule or ModelAge. */
  public static final String REASON_ANNOTATION = "gantry.dev/retrain-reason";

  /** Room for "-retrain-" and a number within a 63-character name. */
  static final int MAX_MONITOR_PART = 45;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RetrainResources() {}

  static String namePrefix(String monitor) {
    String part =
        monitor.length() > MAX_MONITOR_PART ? monitor.substring(0, MAX_MONITOR_PART) : monitor;
    while (part.endsWith("-") || part.endsWith(".")) {
      part = part.substring(0, part.length() - 1);
    }
    return part + "-retrain-";
  }

  public static TrainingJob trainingJob(DriftMonitor monitor, String name, String reason) {
    TrainingJob job = new TrainingJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(monitor.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    Labels.DRIFT_MONITOR,
                    monitor.getMetadata().getName(),
                    Labels.MANAGED_BY,
                    Labels.MANAGED_BY_GANTRY))
            .withAnnotations(Map.of(REASON_ANNOTATION, reason))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(monitor.getApiVersion())
                    .withKind(monitor.getKind())
                    .withName(monitor.getMetadata().getName())
                    .withUid(monitor.getMetadata().getUid())
                    .withController(true)
                    .build())
            .build());
    // A copy: the template belongs to the monitor's spec, which the operator never writes.
    job.setSpec(JSON.convertValue(monitor.getSpec().retrain.template, TrainingJobSpec.class));
    return job;
  }
}
