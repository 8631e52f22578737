package dev.gantry.operator.inferenceservice;

import dev.gantry.api.v1alpha1.inferenceservice.AnalysisSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceSpec;
import dev.gantry.api.v1alpha1.inferenceservice.InputValidation;
import dev.gantry.api.v1alpha1.inferenceservice.ProtocolVersion;
import dev.gantry.api.v1alpha1.inferenceservice.RolloutSpec;
import dev.gantry.api.v1alpha1.inferenceservice.ScaleMetric;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionPhase;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionStatus;
import dev.gantry.operator.config.GantryConfig;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures: InferenceServices and ModelVersions as the API server stores them. */
final class InferenceServices {
  static final String SHA = "5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4";

  /** The operator's pods as the chart labels them, in gantry-system. */
  static final OperatorPeer OPERATOR =
      new OperatorPeer(
          "gantry-system",
          OperatorPeer.labels(
              List.of(
                  "app.kubernetes.io/name=gantry",
                  "app.kubernetes.io/instance=gantry",
                  "app.kubernetes.io/component=operator")));

  private InferenceServices() {}

  static GantryConfig.Inference inference() {
    return () -> "registry.example.com/gantry/inference:0.1.0";
  }

  static RolloutConfig rollout(Duration interval) {
    return new RolloutConfig() {
      @Override
      public String requestsQuery() {
        return "sum(increase(gantry_inference_requests_total{namespace=\"{namespace}\","
            + "pod=~\"{pods}\"}[{window}]))";
      }

      @Override
      public String errorsQuery() {
        return "sum(increase(gantry_inference_requests_total{namespace=\"{namespace}\","
            + "pod=~\"{pods}\",outcome=~\"error|unavailable\"}[{window}]))";
      }

      @Override
      public String p99LatencyQuery() {
        return "histogram_quantile(0.99, sum by (le) (increase("
            + "gantry_inference_request_duration_seconds_bucket{namespace=\"{namespace}\","
            + "pod=~\"{pods}\"}[{window}])))";
      }

      @Override
      public Duration analysisInterval() {
        return interval;
      }
    };
  }

  /** An InferenceService of fraud-7 with the CRD's defaults, no rollout. */
  static InferenceService isvc(String name, String modelVersion) {
    InferenceService isvc = new InferenceService();
    isvc.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-a")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    InferenceServiceSpec spec = new InferenceServiceSpec();
    spec.modelVersion = modelVersion;
    spec.protocolVersion = ProtocolVersion.v2;
    spec.minReplicas = 1;
    spec.maxReplicas = 4;
    spec.scaleMetric = ScaleMetric.cpu;
    spec.scaleTarget = 70;
    spec.inputValidation = InputValidation.Reject;
    isvc.setSpec(spec);
    return isvc;
  }

  static RolloutSpec rolloutSpec(String interval, List<Integer> steps) {
    RolloutSpec rollout = new RolloutSpec();
    rollout.steps = new ArrayList<>(steps);
    rollout.stepInterval = interval;
    rollout.autoRollback = true;
    rollout.analysis = new AnalysisSpec();
    rollout.analysis.maxErrorRate = "0.01";
    rollout.analysis.maxP99LatencyMillis = 50;
    rollout.analysis.minRequests = 20;
    return rollout;
  }

  /** A ModelVersion named {@code <model>-<version>}, validated or not. */
  static ModelVersion modelVersion(String name, String version, boolean validated) {
    ModelVersion mv = new ModelVersion();
    mv.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team-a")
            .withGeneration(1L)
            .withCreationTimestamp("2026-11-22T10:00:0" + version.length() + "Z")
            .build());
    ModelVersionSpec spec = new ModelVersionSpec();
    // The CRD asks for names of the form <modelName>-<version>.
    spec.modelName = name.substring(0, name.length() - version.length() - 1);
    spec.version = version;
    spec.storageUri = "s3://models/fraud/" + version + "/model.onnx";
    spec.sha256 = SHA;
    mv.setSpec(spec);
    mv.setStatus(status(validated));
    return mv;
  }

  static ModelVersionStatus status(boolean validated) {
    ModelVersionStatus status = new ModelVersionStatus();
    status.observedGeneration = 1L;
    status.phase = validated ? ModelVersionPhase.Ready : ModelVersionPhase.Validating;
    status.conditions =
        List.of(
            new ConditionBuilder()
                .withType("Validated")
                .withStatus(validated ? "True" : "False")
                .withReason(validated ? "GatesPassed" : "Validating")
                .withMessage(validated ? "all gates passed" : "validation Job running")
                .withLastTransitionTime("2026-11-22T10:00:00Z")
                .withObservedGeneration(1L)
                .build());
    return status;
  }
}
