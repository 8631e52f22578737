package dev.gantry.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real kube-apiserver + etcd per test JVM (fabric8 kube-api-test), with the Gantry CRDs of this
 * build installed. Offline: the binaries come from {@code scripts/local-cluster binaries}, which
 * the build runs first.
 */
public final class TestApiServer {
  private static KubeAPIServer server;
  private static KubernetesClient client;
  private static String kubeconfigYaml;

  private TestApiServer() {}

  /** A client of the shared API server, started (and the CRDs installed) on first use. */
  public static synchronized KubernetesClient client() {
    if (client == null) {
      start();
    }
    return client;
  }

  /** The kubeconfig of the shared API server, for processes started by tests. */
  public static synchronized String kubeconfigYaml() {
    client();
    return kubeconfigYaml;
  }

  /**
   * Creates {@code name} with its "default" ServiceAccount, which pods need and which no controller
   * manager creates here.
   */
  public static void namespaceWithDefaultServiceAccount(String name) {
    KubernetesClient c = client();
    c.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    c.resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("default")
                .withNamespace(name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  private static void start() {
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "kube-api-test-stop"));
    kubeconfigYaml = server.getKubeConfigYaml();
    client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    installCrds(client, generatedCrds());
  }

  /** The CRDs this build generated (the system property is set by the Maven build). */
  public static List<Path> generatedCrds() {
    Path dir = Path.of(System.getProperty("gantry.generated.crds", "target/crds")).toAbsolutePath();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("no generated CRDs in " + dir + "; run the build first", e);
    }
  }

  private static void installCrds(KubernetesClient client, List<Path> files) {
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).serverSideApply();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(TestApiServer::established, 30, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file, e);
      }
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
