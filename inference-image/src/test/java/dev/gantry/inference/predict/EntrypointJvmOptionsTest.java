package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint gives predict steps their batch JVM options (and only them), from the same
 * file the batch benchmark reads; a "java" on PATH that prints its arguments stands in for the JVM.
 */
class EntrypointJvmOptionsTest {
  private static final Path ENTRYPOINT = Path.of("src/main/docker/entrypoint.sh");
  private static final Path OPTIONS = Path.of("src/main/docker/predict-java-opts");

  @TempDir Path dir;

  @Test
  void predictStepsGetTheBatchOptionsAndTheServerDoesNot() throws Exception {
    String batch = Files.readString(OPTIONS).strip();
    assertThat(batch).contains("-XX:+UseSerialGC").contains("-XX:TieredStopAtLevel=1");

    assertThat(javaArguments(Map.of(), "predict", "shard"))
        .startsWith("-XX:MaxRAMPercentage=60 " + batch + " -Djava.io.tmpdir=")
        .endsWith("/quarkus-run.jar predict shard");
    assertThat(javaArguments(Map.of()))
        .as("the server keeps the JVM's defaults")
        .doesNotContain("UseSerialGC")
        .endsWith("/quarkus-run.jar");
    assertThat(javaArguments(Map.of(), "validate")).doesNotContain("UseSerialGC");
  }

  @Test
  void gantryPredictJavaOptsReplacesThemAndEmptyMeansJvmDefaults() throws Exception {
    assertThat(javaArguments(Map.of("GANTRY_PREDICT_JAVA_OPTS", "-XX:+UseParallelGC"), "predict"))
        .contains("-XX:+UseParallelGC")
        .doesNotContain("UseSerialGC");
    assertThat(javaArguments(Map.of("GANTRY_PREDICT_JAVA_OPTS", ""), "predict", "plan"))
        .doesNotContain("UseSerialGC")
        .doesNotContain("TieredStopAtLevel");
  }

  private String javaArguments(Map<String, String> env, String... args) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.copy(OPTIONS, app.resolve("predict-java-opts"), StandardCopyOption.REPLACE_EXISTING);
    List<String> command = new ArrayList<>(List.of("sh", ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("GANTRY_APP_DIR", app.toString());
    builder.environment().put("GANTRY_WORK_DIR", dir.resolve("work").toString());
    builder.environment().put("JAVA_OPTS", "-XX:MaxRAMPercentage=60");
    builder.environment().remove("GANTRY_PREDICT_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor()).as(out).isZero();
    return out.replaceAll("\\s+", " ");
  }
}
