package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServingPodsTest {
  private static PodBuilder pod(String name, String version, boolean ready, Integer httpPort) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withUid("uid-" + name)
            .addToLabels(Labels.INFERENCE_SERVICE, "fraud")
            .addToLabels(Labels.MODEL_VERSION, version)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("server")
            .addNewPort()
            .withName("grpc")
            .withContainerPort(8081)
            .endPort()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPodIP("10.0.0." + name.length())
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus();
    if (httpPort != null) {
      pod.editSpec()
          .editFirstContainer()
          .addNewPort()
          .withName(ServingPods.PORT_NAME)
          .withContainerPort(httpPort)
          .endPort()
          .endContainer()
          .endSpec();
    }
    return pod;
  }

  @Test
  void asksReadyPodsOfTheServedVersionOnTheirNamedHttpPort() {
    List<Pod> pods =
        List.of(
            pod("a", "fraud-7", true, 9000).build(),
            pod("bb", "fraud-7", false, 9000).build(),
            pod("ccc", "fraud-8", true, 9000).build(),
            pod("dddd", "fraud-7", true, null).build());

    var endpoints = ServingPods.endpoints(pods, "fraud-7");

    assertThat(endpoints)
        .extracting(e -> e.podName() + " " + e.baseUrl())
        .containsExactly("a http://10.0.0.1:9000", "dddd http://10.0.0.4:8080");
    assertThat(endpoints.get(0).podUid()).isEqualTo("uid-a");
  }

  @Test
  void leavesOutTerminatingPodsAndPodsWithoutAnAddress() {
    Pod terminating =
        pod("a", "fraud-7", true, 9000)
            .editMetadata()
            .withDeletionTimestamp("2026-11-22T10:00:00Z")
            .endMetadata()
            .build();
    Pod noIp = pod("b", "fraud-7", true, 9000).editStatus().withPodIP(null).endStatus().build();

    assertThat(ServingPods.endpoints(List.of(terminating, noIp), "fraud-7")).isEmpty();
  }

  @Test
  void bracketsIpv6Addresses() {
    Pod pod = pod("a", "fraud-7", true, 9000).editStatus().withPodIP("fd00::5").endStatus().build();

    assertThat(ServingPods.endpoints(List.of(pod), "fraud-7").get(0).baseUrl())
        .hasToString("http://[fd00::5]:9000");
  }

  @Test
  void modelEndpointsEscapeTheModelNameAsOnePathSegment() {
    assertThat(ServingPodHttp.modelPath("fraud", "baseline"))
        .isEqualTo("/v2/models/fraud/baseline");
    assertThat(ServingPodHttp.modelPath("fraud v2/x", "statistics"))
        .isEqualTo("/v2/models/fraud%20v2%2Fx/statistics");
  }

  @Test
  void podsServingAVersionSayItByLabelOrByAnnotation() {
    String longName = "fraud-" + "x".repeat(70);
    Pod annotated = pod("a", "fraud-7", true, 9000).build();
    annotated.getMetadata().getLabels().remove(Labels.MODEL_VERSION);
    annotated.getMetadata().setAnnotations(java.util.Map.of(Labels.MODEL_VERSION, longName));
    Pod unlabelled = pod("bb", "fraud-7", true, 9000).build();
    unlabelled.getMetadata().getLabels().remove(Labels.MODEL_VERSION);
    List<Pod> pods =
        List.of(
            pod("c", "fraud-7", true, 9000).build(),
            pod("d", "fraud-8", true, 9000).build(),
            annotated,
            unlabelled);

    assertThat(ServingPods.serving(pods, "fraud-7"))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("c");
    assertThat(ServingPods.serving(pods, longName))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("a");
  }
}
