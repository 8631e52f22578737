package dev.gantry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.Command;
import dev.gantry.testing.RepoFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** scripts/local-cluster fails with a clear message, and leaves nothing running, on bad input. */
class LocalClusterScriptE2E {
  private static final String SCRIPT = RepoFiles.resolve("scripts/local-cluster").toString();

  @Test
  void refusesATakenPortAndLeavesNothingRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Command.Result result =
          Command.of(SCRIPT, "up")
              .withEnv(
                  Map.of(
                      "GANTRY_CLUSTER",
                      "port-clash",
                      "GANTRY_APISERVER_PORT",
                      String.valueOf(taken.getLocalPort())))
              .run();

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.output())
          .contains("port " + taken.getLocalPort() + " is taken by another process")
          .contains("GANTRY_APISERVER_PORT");
    }
    assertThat(Command.of("pgrep", "-f", "clusters/port-clash/").run().output()).isBlank();
  }

  @Test
  void namesTheBinariesAConfiguredDirectoryLacks() throws Exception {
    Path empty = Files.createTempDirectory("no-binaries");
    Command.Result result =
        Command.of(SCRIPT, "binaries").withEnv(Map.of("GANTRY_BIN_DIR", empty.toString())).run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("GANTRY_BIN_DIR=" + empty + " lacks: kube-apiserver kube-controller-manager");
  }

  @Test
  void saysWhyABinaryCannotBeBuilt() throws Exception {
    Path emptyCache = Files.createTempDirectory("empty-cache");
    Command.Result result =
        Command.of(SCRIPT, "binaries")
            .withEnv(Map.of("GANTRY_CACHE", emptyCache.toString(), "GOPROXY", "off"))
            .run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("cannot download k8s.io/kubernetes@v1.34.4 from the Go module proxy (off)")
        .contains("building Kubernetes v1.34.4 failed");
  }
}
