package dev.gantry.operator.modelversion;

import dev.gantry.api.v1alpha1.modelversion.GoldenSet;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.api.v1alpha1.modelversion.ValidationGate;
import dev.gantry.api.v1alpha1.modelversion.ValidationSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** ModelVersions, reports and settings for tests, built in code. */
final class ModelVersions {
  static final String SHA256 = "5ef217582f1bb27730ef3dfab487292a7f41cbcb0a42e2c7f641db8125b31ad4";
  static final String OTHER_SHA256 =
      "0000000000000000000000000000000000000000000000000000000000000000";

  private ModelVersions() {}

  static ValidationSettings settings(String... copiedPrefixes) {
    return new ValidationSettings(
        "gantry/inference:0.1.0",
        900,
        List.of(copiedPrefixes),
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        ValidationPlacement.ANYWHERE);
  }

  /** fraud-&lt;version&gt; with an auc of 0.93 from training and an auc gate of min 0.90. */
  static ModelVersion modelVersion(String version) {
    ModelVersion mv = new ModelVersion();
    mv.setMetadata(
        new ObjectMetaBuilder()
            .withName("fraud-" + version)
            .withNamespace("team-a")
            .withUid("uid-fraud-" + version)
            .withGeneration(1L)
            .withCreationTimestamp(
                "2026-11-22T10:00:0" + (version.length() > 1 ? 0 : version) + "Z")
            .build());
    ModelVersionSpec spec = new ModelVersionSpec();
    spec.modelName = "fraud";
    spec.version = version;
    spec.storageUri = "s3://models/fraud/" + version + "/model.onnx";
    spec.sha256 = SHA256;
    spec.metrics = new TreeMap<>(Map.of("auc", "0.93", "loss", "0.21"));
    spec.validation = new ValidationSpec();
    spec.validation.gates = new ArrayList<>(List.of(gate("auc", "0.90", null)));
    mv.setSpec(spec);
    return mv;
  }

  static ValidationGate gate(String metric, String min, String max) {
    ValidationGate gate = new ValidationGate();
    gate.metric = metric;
    gate.min = min;
    gate.max = max;
    return gate;
  }

  static GoldenSet goldenSet(String uri, String minAccuracy) {
    GoldenSet set = new GoldenSet();
    set.storageUri = uri;
    set.labelColumn = "label";
    set.minAccuracy = minAccuracy;
    return set;
  }

  /** A passing report as the inference image writes it. */
  static String report(double auc, double accuracy) {
    return """
        {"passed":true,"modelUri":"s3://models/fraud/7/model.onnx","sha256":"%s",\
        "metrics":{"rows":300.0,"accuracy":%s,"auc":%s},"failedGates":[]}"""
        .formatted(SHA256, accuracy, auc);
  }
}
