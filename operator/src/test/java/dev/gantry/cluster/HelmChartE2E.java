package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.testing.Command;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.OperatorProcess;
import dev.gantry.testing.RepoFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart lints, renders, is accepted by the API server, and its RBAC is enough and no more.
 */
class HelmChartE2E {
  private static final String CHART = RepoFiles.resolve("helm/gantry").toString();
  private static final String NAMESPACE = "gantry-system";
  private static final String KUBE_VERSION = "1.34.4";

  private static String render(String... extraArgs) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("template", "gantry", CHART, "-n", NAMESPACE, "--kube-version", KUBE_VERSION));
    args.addAll(List.of(extraArgs));
    return LocalCluster.helm(args.toArray(String[]::new)).succeed();
  }

  private static List<HasMetadata> objects(String yaml) {
    return LocalCluster.client()
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  @Test
  void lintsStrictly() {
    assertThat(LocalCluster.helm("lint", CHART, "--strict").succeed())
        .contains("0 chart(s) failed");
  }

  @Test
  void rendersALockedDownOperatorDeployment() {
    Deployment deployment =
        objects(render()).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    var pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void rendersTwoReplicasWithLeaderElectionAndRefusesTwoWithout() {
    List<HasMetadata> objects = objects(render());
    Deployment deployment =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("GANTRY_LEADER_ELECTION_ENABLED");
              assertThat(e.getValue()).isEqualTo("true");
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("GANTRY_LEADER_ELECTION_IDENTITY");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "Role/gantry-leader-election",
            "RoleBinding/gantry-leader-election",
            "PodDisruptionBudget/gantry");

    var refused =
        LocalCluster.helm(
                "template",
                "gantry",
                CHART,
                "--kube-version",
                KUBE_VERSION,
                "--set",
                "leaderElection.enabled=false")
            .run();
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("replicaCount > 1 needs leaderElection.enabled=true");
    assertThat(render("--set", "replicaCount=1", "--set", "leaderElection.enabled=false"))
        .doesNotContain("kind: PodDisruptionBudget")
        .doesNotContain("kind: Role\n")
        .doesNotContain("GANTRY_LEADER_ELECTION_IDENTITY");
  }

  @Test
  void rendersAServiceMonitorOnlyWhenAsked() {
    assertThat(render()).doesNotContain("kind: ServiceMonitor");
    assertThat(render("--set", "serviceMonitor.enabled=true"))
        .contains("kind: ServiceMonitor")
        .contains("path: /q/metrics")
        .contains("port: http-metrics");
  }

  @Test
  void isAcceptedByTheApiServerAndItsRbacLetsTheOperatorBecomeReady() throws Exception {
    Command apply = LocalCluster.kubectl("apply", "-f", "-");
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + NAMESPACE + "}\n")
        .succeed();
    String rendered = render();
    assertThat(
            LocalCluster.kubectl("apply", "--dry-run=server", "-f", "-")
                .withStdin(rendered)
                .succeed())
        .contains("deployment.apps/gantry created (server dry run)");
    apply.withStdin(rendered).succeed();

    String serviceAccount = "system:serviceaccount:" + NAMESPACE + ":gantry";
    assertThat(canI(serviceAccount, "get", "customresourcedefinitions/trainingjobs.gantry.dev"))
        .isTrue();
    assertThat(canI(serviceAccount, "create", "customresourcedefinitions")).isFalse();
    assertThat(canI(serviceAccount, "list", "secrets")).isFalse();
    assertThat(canI(serviceAccount, "delete", "pods")).isFalse();
    assertThat(canI(serviceAccount, "watch", "inferenceservices.gantry.dev")).isTrue();
    assertThat(canI(serviceAccount, "patch", "inferenceservices.gantry.dev")).isFalse();
    assertThat(canI(serviceAccount, "patch", "leases", NAMESPACE)).isTrue();
    assertThat(canI(serviceAccount, "update", "leases", "default"))
        .as("Leases only in the operator's namespace")
        .isFalse();

    // Run the real operator with nothing but the chart's ServiceAccount token.
    String token =
        LocalCluster.kubectl("-n", NAMESPACE, "create", "token", "gantry").succeed().strip();
    var config = LocalCluster.client().getConfiguration();
    String kubeconfig =
        Serialization.asYaml(
            java.util.Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Config",
                "clusters",
                List.of(
                    java.util.Map.of(
                        "name",
                        "local",
                        "cluster",
                        java.util.Map.of(
                            "server", config.getMasterUrl(), "insecure-skip-tls-verify", true))),
                "users",
                List.of(
                    java.util.Map.of("name", "gantry", "user", java.util.Map.of("token", token))),
                "contexts",
                List.of(
                    java.util.Map.of(
                        "name",
                        "gantry",
                        "context",
                        java.util.Map.of("cluster", "local", "user", "gantry"))),
                "current-context",
                "gantry"));
    // With the chart's leader election, so that its Role for the Lease is exercised too.
    try (OperatorProcess operator =
        OperatorProcess.start(
            kubeconfig,
            java.util.Map.of(
                "GANTRY_LEADER_ELECTION_ENABLED",
                "true",
                "GANTRY_LEADER_ELECTION_LEASE_NAMESPACE",
                NAMESPACE))) {
      operator.awaitStarted();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var ready = operator.get("/q/health/ready");
                assertThat(ready.statusCode())
                    .as(() -> "readiness: " + ready.body() + "\noperator log:\n" + operator.log())
                    .isEqualTo(200);
              });
      assertThat(operator.log()).doesNotContain("Forbidden");

      runsATrainingJobToItsModelVersion();
      validatesAndReleasesTheModelVersion();
      assertThat(operator.log()).doesNotContain("Forbidden");
    }
  }

  /**
   * Every verb of the TrainingJob reconciler under the chart's RBAC: informers, Job and Service
   * creates, the suspend patch, status, Events, and the ModelVersion registration.
   */
  private static void runsATrainingJobToItsModelVersion() {
    String namespace = "helm-rbac";
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + namespace + "}\n")
        .succeed();
    String result = "{\\\"artifactUri\\\":\\\"s3://models/rbac/model.onnx\\\"}";
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin(
            """
            apiVersion: gantry.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: rbac-check, namespace: %s}
            spec:
              image: gantry/training:0.1.0
              replicas: 2
              suspend: true
              output: {modelName: rbac, storageUri: s3://models/rbac}
              podTemplate:
                annotations: {e2e.gantry.dev/termination-message: "%s"}
            """
                .formatted(namespace, result))
        .succeed();
    var trainingJob =
        LocalCluster.client()
            .resources(dev.gantry.api.v1alpha1.trainingjob.TrainingJob.class)
            .inNamespace(namespace)
            .withName("rbac-check");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                trainingJob.get().getStatus() != null
                    && "Suspended".equals(String.valueOf(trainingJob.get().getStatus().phase)));
    assertThat(LocalCluster.client().services().inNamespace(namespace).withName("rbac-check").get())
        .isNotNull();

    trainingJob.edit(
        t -> {
          t.getSpec().suspend = false;
          return t;
        });
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(trainingJob.get().getStatus().modelVersion).isEqualTo("rbac-1"));
  }

  /**
   * Every verb of the ModelVersion reconciler under the chart's RBAC: its informers (versions,
   * Jobs, pods, InferenceServices), the finalizer, the validation Job, status and its removal. KWOK
   * completes the validation pod as a passing validator (scripts/kwok/stages.yaml).
   */
  private static void validatesAndReleasesTheModelVersion() {
    var modelVersion =
        LocalCluster.client()
            .resources(dev.gantry.api.v1alpha1.modelversion.ModelVersion.class)
            .inNamespace("helm-rbac")
            .withName("rbac-1");
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              var status = modelVersion.get().getStatus();
              assertThat(status).isNotNull();
              assertThat(status.conditions)
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Validated");
                        assertThat(c.getStatus()).isEqualTo("True");
                      });
            });
    assertThat(modelVersion.get().getMetadata().getFinalizers())
        .containsExactly("gantry.dev/served-model-protection");
    modelVersion.delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> modelVersion.get() == null);
  }

  private static boolean canI(String user, String verb, String resource) {
    return canI(user, verb, resource, "default");
  }

  private static boolean canI(String user, String verb, String resource, String namespace) {
    Command.Result result =
        LocalCluster.kubectl("auth", "can-i", verb, resource, "--as", user, "-n", namespace).run();
    // kubectl may print a warning line first (e.g. for cluster-scoped resources).
    return result.output().lines().anyMatch("yes"::equals);
  }
}
