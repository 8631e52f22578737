package dev.gantry.api.v1alpha1.batchprediction;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Scores datasets offline with a validated ModelVersion: a plan step, then shards as an Indexed Job
 * of the inference image's predict mode. Like a Job, it runs once; its spec is immutable. With
 * {@code spec.schedule} it is, like a CronJob, a template whose firings create runs (child
 * BatchPredictions).
 */
@Group("gantry.dev")
@Version("v1alpha1")
@ShortNames("bp")
@Categories("gantry")
@AdditionalPrinterColumn(
    name = "Model",
    jsonPath = ".status.modelVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Shards",
    jsonPath = ".status.shardsDone",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rows",
    jsonPath = ".status.rowsDone",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Invalid",
    jsonPath = ".status.rowsInvalid",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rows/s",
    jsonPath = ".status.rowsPerSecond",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Schedule",
    jsonPath = ".spec.schedule",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Run",
    jsonPath = ".status.lastRun",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Next",
    jsonPath = ".status.nextScheduleTime",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class BatchPrediction extends CustomResource<BatchPredictionSpec, BatchPredictionStatus>
    implements Namespaced {}
