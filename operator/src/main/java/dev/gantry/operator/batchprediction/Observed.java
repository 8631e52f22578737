package dev.gantry.operator.batchprediction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler saw of a BatchPrediction's world: how its model resolved and its Jobs and
 * their pods.
 *
 * @param modelVersion the pinned or just resolved ModelVersion's name, empty when none
 * @param modelSha256 its digest
 * @param modelReason why no model, when {@code modelVersion} is empty
 * @param modelMessage the resolution's message
 * @param planJob the plan Job, when it exists
 * @param shardJob the shards' Job, when it exists
 * @param pods the pods of both Jobs
 * @param jobError a Job the API server refused to create, with its message
 */
record Observed(
    Optional<String> modelVersion,
    String modelSha256,
    String modelReason,
    String modelMessage,
    Optional<Job> planJob,
    Optional<Job> shardJob,
    List<Pod> pods,
    Optional<String> jobError) {}
