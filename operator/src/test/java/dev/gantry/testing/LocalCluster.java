package dev.gantry.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cluster that the build starts around the integration tests: by default scripts/local-cluster
 * (real etcd, kube-apiserver, scheduler and controller manager, simulated GPU nodes), or with
 * -Dgantry.e2e.cluster=kind scripts/kind-cluster (the same GPU nodes beside a real kind node). Both
 * scripts answer `binaries` and `kubeconfig` alike, so tests run unchanged on either.
 */
public final class LocalCluster {
  private static KubernetesClient client;

  private LocalCluster() {}

  private static String script() {
    return System.getProperty(
        "gantry.local.cluster", RepoFiles.resolve("scripts/local-cluster").toString());
  }

  /** The directory holding kubectl, helm and the control-plane binaries. */
  public static Path binDir() {
    return Path.of(
        Command.of(script(), "binaries")
            .succeed()
            .strip()
            .lines()
            .reduce((a, b) -> b)
            .orElseThrow());
  }

  public static Path kubeconfig() {
    Path path = Path.of(Command.of(script(), "kubeconfig").succeed().strip());
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "the test cluster is not running (no " + path + "); start it with " + script() + " up");
    }
    return path;
  }

  public static synchronized KubernetesClient client() {
    if (client == null) {
      try {
        client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig())))
                .build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return client;
  }

  /** kubectl against the test cluster. */
  public static Command kubectl(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = binDir().resolve("kubectl").toString();
    all[1] = "--kubeconfig";
    all[2] = kubeconfig().toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return Command.of(all);
  }

  /**
   * A command inside the local cluster's network namespace, where pod and Service addresses answer
   * as they do on a node (scripts/local-cluster exec).
   */
  public static Command inClusterNetwork(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = script();
    all[1] = "exec";
    System.arraycopy(args, 0, all, 2, args.length);
    return Command.of(all);
  }

  /** The host's URL of the real node's Prometheus (scripts/local-cluster prometheus-url). */
  public static String prometheusUrl() {
    return Command.of(script(), "prometheus-url").succeed().strip();
  }

  /**
   * Adds Kueue to the running cluster (scripts/local-cluster kueue: built once from the Go module
   * proxy at its pinned version, then cached); returns at once when it already runs.
   */
  public static void kueue() {
    Command.of(script(), "kueue").succeed();
  }

  public static Command helm(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = binDir().resolve("helm").toString();
    System.arraycopy(args, 0, all, 1, args.length);
    return Command.of(all);
  }
}
