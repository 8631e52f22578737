package dev.gantry.operator.trainingjob;

import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * What rank 0's succeeded pod left behind: its termination message and the image it ran. Pure.
 *
 * @param message the termination message (the TrainingResult JSON), possibly empty
 * @param image the image by digest when the runtime reported one, else the image as written
 */
public record RankZeroOutput(String message, String image) {

  /** Where to find rank 0's output, or why it cannot be found. */
  public sealed interface Lookup {}

  public record Found(RankZeroOutput output) implements Lookup {}

  /** Rank 0's success is not in the cache yet; its pod event will come. */
  public record NotYetVisible() implements Lookup {}

  /** No pod of rank 0 exists any more (deleted, or collected after ttlSecondsAfterFinished). */
  public record Gone() implements Lookup {}

  public static Lookup find(List<Pod> pods, String specImage) {
    List<Pod> rankZero =
        pods.stream()
            .filter(p -> p.getMetadata().getAnnotations() != null)
            .filter(
                p -> "0".equals(p.getMetadata().getAnnotations().get(Labels.JOB_COMPLETION_INDEX)))
            .toList();
    if (rankZero.isEmpty()) {
      return new Gone();
    }
    return rankZero.stream()
        .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
        .findFirst()
        .<Lookup>map(p -> new Found(outputOf(p, specImage)))
        .orElseGet(NotYetVisible::new);
  }

  private static RankZeroOutput outputOf(Pod pod, String specImage) {
    Optional<ContainerStatus> trainer =
        pod.getStatus().getContainerStatuses() == null
            ? Optional.empty()
            : pod.getStatus().getContainerStatuses().stream()
                .filter(s -> TrainingJobResources.CONTAINER.equals(s.getName()))
                .findFirst();
    String message =
        trainer
            .map(ContainerStatus::getState)
            .map(s -> s.getTerminated())
            .map(t -> t.getMessage())
            .orElse(null);
    String image = trainer.map(s -> imageByDigest(s.getImageID(), specImage)).orElse(specImage);
    return new RankZeroOutput(message, image);
  }

  /**
   * The runtime's imageID as {@code repo@sha256:...} (dropping runtime prefixes such as
   * docker-pullable://), or the spec image when the runtime gave no digest.
   */
  static String imageByDigest(String imageId, String specImage) {
    if (imageId == null || !imageId.contains("@sha256:")) {
      return specImage;
    }
    int scheme = imageId.indexOf("://");
    return scheme < 0 ? imageId : imageId.substring(scheme + 3);
  }
}
