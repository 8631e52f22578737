package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.api.v1alpha1.modelversion.BaselineRef;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import dev.gantry.api.v1alpha1.modelversion.ModelVersionSpec;
import dev.gantry.contract.BaselineStatistics;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.storage.Storage;
import dev.gantry.storage.StorageConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which a baseline is looked for; the serving pods are a stand-in. */
class BaselineReaderTest {
  private static final BaselineStatistics ON_DISK = baseline(2000);
  private static final BaselineStatistics FROM_POD = baseline(3000);

  @TempDir Path dir;
  private Path pvcRoot;
  private Storage storage;
  private final List<String> askedPods = new ArrayList<>();
  private String podFailure;

  @BeforeEach
  void storage() {
    pvcRoot = dir.resolve("pvc");
    storage = new Storage(StorageConfig.fromEnvironment(Map.of()).withPvcMountRoot(pvcRoot));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private BaselineReader reader() {
    return new BaselineReader(
        storage,
        (client, namespace, service, version) -> {
          askedPods.add(namespace + "/" + service + "/" + version.getMetadata().getName());
          if (podFailure != null) {
            throw new PodBaselines.Unavailable(podFailure);
          }
          return FROM_POD;
        });
  }

  private static BaselineStatistics baseline(long rows) {
    return new BaselineStatistics(
        1,
        rows,
        List.of(
            new FeatureBaseline(
                "amount",
                FeatureBaseline.FeatureType.NUMERIC,
                List.of(0.0, 1.0, 2.0),
                List.of(rows / 2, rows / 2),
                null,
                0,
                1.0,
                0.5)));
  }

  private static ModelVersion version(String uri) {
    ModelVersion version = new ModelVersion();
    version.setMetadata(new ObjectMetaBuilder().withName("fraud-3").withNamespace("ml").build());
    version.setSpec(new ModelVersionSpec());
    version.getSpec().modelName = "fraud";
    version.getSpec().version = "3";
    version.getSpec().baseline = new BaselineRef();
    version.getSpec().baseline.storageUri = uri;
    return version;
  }

  private void writeUnderClaim(String path) throws Exception {
    Path file = pvcRoot.resolve(path);
    Files.createDirectories(file.getParent());
    new ObjectMapper().writeValue(file.toFile(), ON_DISK);
  }

  @Test
  void aBaselineOnAClaimTheOperatorHasNotMountedComesFromAServingPodOnce() throws Exception {
    BaselineReader reader = reader();
    ModelVersion version = version("pvc://models/fraud/3/baseline.json");

    assertThat(reader.read(null, "ml", "fraud", version)).isEqualTo(FROM_POD);
    assertThat(reader.read(null, "ml", "fraud", version)).isEqualTo(FROM_POD);
    assertThat(askedPods).containsExactly("ml/fraud/fraud-3");
  }

  @Test
  void aBaselineOnAMountedClaimIsReadByTheOperator() throws Exception {
    writeUnderClaim("models/fraud/3/baseline.json");

    BaselineStatistics read =
        reader().read(null, "ml", "fraud", version("pvc://models/fraud/3/baseline.json"));

    assertThat(read.rowCount()).isEqualTo(2000);
    assertThat(askedPods).isEmpty();
  }

  @Test
  void aPvcBaselineTheOperatorFailsToReadIsAskedOfTheServingPods() throws Exception {
    Files.createDirectories(pvcRoot.resolve("models"));
    BaselineReader reader = reader();

    assertThat(reader.read(null, "ml", "fraud", version("pvc://models/fraud/3/baseline.json")))
        .isEqualTo(FROM_POD);

    podFailure = "no ready serving pod answered /v2/models/fraud/baseline: fraud-a: HTTP 404: x";
    assertThatThrownBy(
            () -> reader.read(null, "ml", "fraud", version("pvc://models/fraud/4/baseline.json")))
        .isInstanceOf(BaselineReader.UnreadableException.class)
        .hasMessageStartingWith("the operator could not read it (")
        .hasMessageContaining("ArtifactNotFoundException")
        .hasMessageEndingWith(", and " + podFailure);
  }

  @Test
  void theMessageSaysBothThatTheClaimIsNotMountedAndWhatThePodsAnswered() {
    podFailure =
        "no ready pod labelled gantry.dev/inferenceservice=fraud serves fraud-3"
            + " (gantry.dev/modelversion) to ask for /v2/models/fraud/baseline";

    assertThatThrownBy(
            () -> reader().read(null, "ml", "fraud", version("pvc://models/fraud/3/baseline.json")))
        .hasMessage(
            "claim models is not mounted in the operator ("
                + pvcRoot.resolve("models")
                + "), and "
                + podFailure);
  }

  @Test
  void aBaselineElsewhereThatCannotBeReadIsNotAskedOfThePods() {
    String uri = dir.resolve("missing/baseline.json").toUri().toString();

    assertThatThrownBy(() -> reader().read(null, "ml", "fraud", version(uri)))
        .isInstanceOf(BaselineReader.UnreadableException.class)
        .hasMessageContaining("ArtifactNotFoundException");
    assertThat(askedPods).isEmpty();
  }
}
