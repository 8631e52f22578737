package dev.gantry.api.v1alpha1.driftmonitor;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Compares the live inputs of an InferenceService with the served model's training baseline and can
 * start a retraining TrainingJob when they drift apart.
 */
@Group("gantry.dev")
@Version("v1alpha1")
@ShortNames("dm")
@Categories("gantry")
@AdditionalPrinterColumn(
    name = "Service",
    jsonPath = ".spec.inferenceService",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Drift",
    jsonPath = ".status.driftShare",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Samples",
    jsonPath = ".status.samples",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Retrain",
    jsonPath = ".status.lastRetrain.trainingJob",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DriftMonitor extends CustomResource<DriftMonitorSpec, DriftMonitorStatus>
    implements Namespaced {}
