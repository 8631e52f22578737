package dev.gantry.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testing.RepoFiles;
import dev.gantry.testing.TestApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML committed under crds/ and in the Helm chart must be exactly what this build
 * generates from the Java types. Run with -Dgantry.crds.update=true to refresh both copies.
 */
class CommittedCrdsTest {
  private static final List<String> COMMITTED_DIRS = List.of("crds", "helm/gantry/crds");

  @Test
  void committedCrdsMatchTheJavaTypes() throws IOException {
    List<Path> generated = TestApiServer.generatedCrds();
    assertThat(generated).hasSize(5);
    boolean update = Boolean.getBoolean("gantry.crds.update");
    for (String dir : COMMITTED_DIRS) {
      Path committedDir = RepoFiles.resolve(dir);
      if (update) {
        Files.createDirectories(committedDir);
      }
      for (Path file : generated) {
        Path committed = committedDir.resolve(file.getFileName());
        if (update) {
          Files.copy(file, committed, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(committed)
            .as(
                "%s is stale; regenerate with: ./mvnw -pl operator test"
                    + " -Dtest=CommittedCrdsTest -Dgantry.crds.update=true",
                committed)
            .exists()
            .hasSameTextualContentAs(file);
      }
      try (var files = Files.list(committedDir)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("%s holds CRDs no Java type generates", committedDir)
            .containsExactlyInAnyOrderElementsOf(
                generated.stream().map(f -> f.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void printerColumnsReadInDeclarationOrder() throws IOException {
    Path trainingJobs =
        TestApiServer.generatedCrds().stream()
            .filter(f -> f.getFileName().toString().startsWith("trainingjobs."))
            .findFirst()
            .orElseThrow();
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(trainingJobs), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Phase", "Replicas", "GPUs", "Util%", "Idle", "Model", "Age");
  }
}
