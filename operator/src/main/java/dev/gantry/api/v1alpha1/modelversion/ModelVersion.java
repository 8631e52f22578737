package dev.gantry.api.v1alpha1.modelversion;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One trained model: its artifact, metrics, provenance, baseline statistics and validation gates.
 * The artifact's identity (model name, version, location, digest) never changes after creation.
 */
@Group("gantry.dev")
@Version("v1alpha1")
@ShortNames("mv")
@Categories("gantry")
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".spec.modelName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".spec.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Aliases",
    jsonPath = ".spec.aliases",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name == self.spec.modelName + '-' + self.spec.version",
    message = "metadata.name must be <spec.modelName>-<spec.version>, e.g. fraud-7")
@ValidationRule(
    value = "self.spec.modelName == oldSelf.spec.modelName",
    message = "spec.modelName is immutable")
@ValidationRule(
    value = "self.spec.version == oldSelf.spec.version",
    message = "spec.version is immutable")
@ValidationRule(
    value = "self.spec.storageUri == oldSelf.spec.storageUri",
    message = "spec.storageUri is immutable; register a new ModelVersion for a new artifact")
@ValidationRule(
    value =
        "!has(oldSelf.spec.sha256) || (has(self.spec.sha256) && self.spec.sha256 == oldSelf.spec.sha256)",
    message = "spec.sha256 is immutable once set")
public class ModelVersion extends CustomResource<ModelVersionSpec, ModelVersionStatus>
    implements Namespaced {}
