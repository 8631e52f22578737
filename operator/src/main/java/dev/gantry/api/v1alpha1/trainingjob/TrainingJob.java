package dev.gantry.api.v1alpha1.trainingjob;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Runs a training image on GPU pods through a batch/v1 Job in Indexed mode and registers the
 * trained model as a ModelVersion.
 */
@Group("gantry.dev")
@Version("v1alpha1")
@ShortNames("tj")
@Categories("gantry")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "GPUs",
    jsonPath = ".status.gpu.allocated",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Util%",
    jsonPath = ".status.gpu.utilizationPercent",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Idle",
    jsonPath = ".status.gpu.idleSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".status.modelVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Immutability lives here, not on the spec fields, so that DriftMonitor.spec.retrain.template
// (the same spec type) stays editable.
@ValidationRule(
    value = "self.spec.image == oldSelf.spec.image",
    message = "spec.image is immutable; create a new TrainingJob to train with another image")
@ValidationRule(
    value = "self.spec.replicas == oldSelf.spec.replicas",
    message = "spec.replicas is immutable while the job exists")
@ValidationRule(
    value =
        "has(self.spec.resources) == has(oldSelf.spec.resources) && (!has(self.spec.resources) || self.spec.resources == oldSelf.spec.resources)",
    message = "spec.resources is immutable while the job exists")
@ValidationRule(
    value = "self.spec.output == oldSelf.spec.output",
    message = "spec.output is immutable")
@ValidationRule(
    value =
        "has(self.spec.dataset) == has(oldSelf.spec.dataset) && (!has(self.spec.dataset) || self.spec.dataset == oldSelf.spec.dataset)",
    message = "spec.dataset is immutable")
public class TrainingJob extends CustomResource<TrainingJobSpec, TrainingJobStatus>
    implements Namespaced {}
