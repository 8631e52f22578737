package dev.gantry.operator.health;

import dev.gantry.api.v1alpha1.batchprediction.BatchPrediction;
import dev.gantry.api.v1alpha1.driftmonitor.DriftMonitor;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The custom resource definitions the operator needs installed. */
public final class GantryCrds {
  public static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          TrainingJob.class,
          ModelVersion.class,
          InferenceService.class,
          DriftMonitor.class,
          BatchPrediction.class);

  private GantryCrds() {}

  /** CRD names, e.g. trainingjobs.gantry.dev. */
  public static List<String> names() {
    return KINDS.stream().map(HasMetadata::getFullResourceName).toList();
  }

  /** The expected CRD names absent from {@code installed}, in a stable order. */
  public static List<String> missing(Set<String> installed) {
    return names().stream().filter(name -> !installed.contains(name)).collect(Collectors.toList());
  }
}
