package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.Command;
import dev.gantry.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scripts/kind-cluster without a Docker engine: the verbs that need one fail at once and say so;
 * the ones that do not still work. (The kind cluster itself runs under -Pkind, on Docker.)
 */
class KindClusterScriptE2E {
  private static final String SCRIPT = RepoFiles.resolve("scripts/kind-cluster").toString();

  /** A Docker endpoint that cannot answer, whatever the machine has. */
  private static Map<String, String> noDocker(Path cache) {
    return Map.of(
        "DOCKER_HOST",
        "unix://" + cache.resolve("no-docker.sock"),
        "GANTRY_CACHE",
        cache.toString(),
        "GANTRY_CLUSTER",
        "kind-no-docker");
  }

  @Test
  void upFailsAtOnceAndClearlyWithoutDocker() throws Exception {
    Path cache = Files.createTempDirectory("kind-cache");
    Command.Result result = Command.of(SCRIPT, "up").withEnv(noDocker(cache)).run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("scripts/kind-cluster up needs a running Docker engine")
        .contains("use scripts/local-cluster");
    // Fails before building anything: the empty cache stays empty of binaries.
    assertThat(cache.resolve("bin")).doesNotExist();
  }

  @Test
  void imagesFailsAtOnceAndClearlyWithoutDocker() throws Exception {
    Command.Result result =
        Command.of(SCRIPT, "images")
            .withEnv(noDocker(Files.createTempDirectory("kind-cache")))
            .run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("scripts/kind-cluster images needs a running Docker engine");
  }

  @Test
  void downLeavesNothingAndNamesTheKubeconfigWithoutDocker() throws Exception {
    Path cache = Files.createTempDirectory("kind-cache");
    Command.Result down = Command.of(SCRIPT, "down").withEnv(noDocker(cache)).run();
    assertThat(down.exitCode()).isZero();
    assertThat(down.output()).contains("cluster kind-no-docker is down");

    assertThat(Command.of(SCRIPT, "kubeconfig").withEnv(noDocker(cache)).succeed().strip())
        .isEqualTo(cache.resolve("kind-clusters/kind-no-docker/kubeconfig").toString());
  }
}
