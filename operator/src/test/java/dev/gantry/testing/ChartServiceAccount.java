package dev.gantry.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A client of the local cluster that acts as the chart's service account, with exactly the chart's
 * ClusterRole (rendered by helm, applied with kubectl): code run in the test JVM through it fails
 * where the chart's RBAC would fail it on a real cluster.
 */
public final class ChartServiceAccount {
  private static final String RELEASE = "gantry-rbac";
  private static final String NAMESPACE = "gantry-rbac";

  private ChartServiceAccount() {}

  public static synchronized KubernetesClient client() {
    String manifests =
        LocalCluster.helm(
                "template",
                RELEASE,
                RepoFiles.resolve("helm/gantry").toString(),
                "-n",
                NAMESPACE,
                "--kube-version",
                LocalCluster.client().getKubernetesVersion().getGitVersion(),
                "--show-only",
                "templates/clusterrole.yaml",
                "--show-only",
                "templates/serviceaccount.yaml")
            .succeed();
    LocalCluster.kubectl("apply", "-f", "-")
        .withStdin(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "
                + NAMESPACE
                + "\n---\n"
                + manifests)
        .succeed();
    try {
      Config config = Config.fromKubeconfig(Files.readString(LocalCluster.kubeconfig()));
      // The chart's fullname is the release name when that holds "gantry", and so is the account.
      config.setImpersonateUsername("system:serviceaccount:" + NAMESPACE + ":" + RELEASE);
      config.setImpersonateGroups(
          "system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated");
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      requireImpersonation(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart never grants Secrets: a client that can list them is not acting as the account. */
  private static void requireImpersonation(KubernetesClient client) {
    try {
      client.secrets().inNamespace(NAMESPACE).list();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return;
      }
      throw e;
    }
    throw new IllegalStateException(
        "impersonation of the chart's service account is not in effect");
  }
}
