package dev.gantry.operator.driftmonitor;

import dev.gantry.api.v1alpha1.inferenceservice.InferenceService;
import dev.gantry.api.v1alpha1.inferenceservice.InferenceServiceStatus;
import dev.gantry.api.v1alpha1.modelversion.ModelVersion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fraud model trained by the training image and served by two real inference server processes,
 * with its ModelVersion (fraud-1) and an InferenceService (fraud) whose status says it serves it,
 * as the serving reconciler would write. {@link #feed} sends generated rows, half to each server.
 */
final class ServedFraudModel implements AutoCloseable {
  final InferenceServerProcess serverA;
  final InferenceServerProcess serverB;
  private final Path dir;
  private long seed = 100;

  private ServedFraudModel(Path dir, InferenceServerProcess a, InferenceServerProcess b) {
    this.dir = dir;
    this.serverA = a;
    this.serverB = b;
  }

  static ServedFraudModel start(Path dir) throws Exception {
    Path model =
        FraudData.train(
            FraudData.generate(dir.resolve("train.csv"), 5000, 1), dir.resolve("model"));
    InferenceServerProcess a = null;
    try {
      a = InferenceServerProcess.start(model.resolve("model.onnx"), dir.resolve("server-a"));
      var b = InferenceServerProcess.start(model.resolve("model.onnx"), dir.resolve("server-b"));
      return new ServedFraudModel(dir, a, b);
    } catch (Exception e) {
      if (a != null) {
        a.close();
      }
      throw e;
    }
  }

  Path model() {
    return dir.resolve("model");
  }

  /** Creates ModelVersion fraud-1 and InferenceService fraud (status: serving fraud-1). */
  void register(KubernetesClient client, String namespace) {
    register(
        client,
        namespace,
        "fraud",
        "fraud-1",
        "1",
        model().resolve("model.onnx").toUri().toString(),
        model().resolve("baseline.json").toUri().toString());
  }

  /**
   * Creates ModelVersion {@code versionName} of model fraud and InferenceService {@code service}
   * whose status says it serves it, as the serving reconciler would write.
   */
  static void register(
      KubernetesClient client,
      String namespace,
      String service,
      String versionName,
      String version,
      String modelUri,
      String baselineUri) {
    client
        .resource(
            load(
                client,
                namespace,
                ModelVersion.class,
                """
                apiVersion: gantry.dev/v1alpha1
                kind: ModelVersion
                metadata: {name: %s}
                spec:
                  modelName: fraud
                  version: "%s"
                  storageUri: %s
                  baseline: {storageUri: %s}
                """
                    .formatted(versionName, version, modelUri, baselineUri)))
        .create();
    InferenceService created =
        client
            .resource(
                load(
                    client,
                    namespace,
                    InferenceService.class,
                    """
                    apiVersion: gantry.dev/v1alpha1
                    kind: InferenceService
                    metadata: {name: %s}
                    spec: {modelVersion: %s}
                    """
                        .formatted(service, versionName)))
            .create();
    created.setStatus(new InferenceServiceStatus());
    created.getStatus().modelVersion = versionName;
    client.resource(created).updateStatus();
  }

  static <T extends HasMetadata> T load(
      KubernetesClient client, String namespace, Class<T> type, String yaml) {
    T resource = client.getKubernetesSerialization().unmarshal(yaml, type);
    resource.getMetadata().setNamespace(namespace);
    return resource;
  }

  /** Generated rows (a new seed each time), half to each server; shifts are FEATURE=SIGMAS. */
  void feed(int rows, String... shifts) throws Exception {
    Path csv = FraudData.generate(dir.resolve("live-" + seed + ".csv"), rows, seed++, shifts);
    List<String> lines = Files.readAllLines(csv);
    int half = lines.size() / 2;
    serverA.send(lines.subList(0, half));
    List<String> second = new ArrayList<>();
    second.add(lines.get(0));
    second.addAll(lines.subList(half, lines.size()));
    serverB.send(second);
  }

  @Override
  public void close() throws Exception {
    try {
      serverA.close();
    } finally {
      serverB.close();
    }
  }
}
