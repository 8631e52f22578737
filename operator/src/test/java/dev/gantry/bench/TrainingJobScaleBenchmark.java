package dev.gantry.bench;

import static org.awaitility.Awaitility.await;

import dev.gantry.api.v1alpha1.common.PodTemplateOverlay;
import dev.gantry.api.v1alpha1.trainingjob.DatasetSpec;
import dev.gantry.api.v1alpha1.trainingjob.OutputSpec;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJob;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobPhase;
import dev.gantry.api.v1alpha1.trainingjob.TrainingJobSpec;
import dev.gantry.testing.ApiServerRequests;
import dev.gantry.testing.LocalCluster;
import dev.gantry.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Not a timed test: applies 1,000 TrainingJobs to the local cluster with the packaged operator
 * running as a process, and reports how long until every Job exists and every TrainingJob shows
 * Running, the operator's write requests per TrainingJob, and its heap and RSS. Run it alone:
 *
 * <pre>
 * scripts/test -pl operator -am -Pbench-scale
 * </pre>
 *
 * The figures go to stdout and target/bench/trainingjob-scale.txt.
 */
class TrainingJobScaleBenchmark {
  private static final int JOBS = Integer.getInteger("gantry.bench.jobs", 1000);
  private static final String NS = "bench";

  /**
   * The operator image's JVM options under the chart's 1 GiB limit (-XX:MaxRAM stands for the
   * container's memory limit, which the JVM reads from its cgroup in a pod).
   */
  private static final String JAVA_OPTIONS =
      System.getProperty(
          "gantry.bench.operator.java-options",
          "-XX:MaxRAM=1g -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");

  /** The two GPU nodes hold 110 pods each; KWOK nodes are free, so add room for 1,000 pods. */
  private static final int EXTRA_NODES = 9;

  private final KubernetesClient client = LocalCluster.client();
  private final List<String> report = new ArrayList<>();

  @Test
  void thousandTrainingJobs() throws Exception {
    addNodes();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    String kubeconfig = Files.readString(LocalCluster.kubeconfig());
    try (OperatorProcess operator =
        OperatorProcess.start(kubeconfig, Map.of("JAVA_TOOL_OPTIONS", JAVA_OPTIONS))) {
      operator.awaitStarted();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> operator.get("/q/health/ready").statusCode() == 200);
      Map<String, Double> before = apiRequests();

      long start = System.nanoTime();
      createTrainingJobs();
      double created = seconds(start);
      double allJobs = awaitCount(start, this::jobCount, "Jobs");
      double writesToJobs = operatorWrites(before, apiRequests());
      double allRunning = awaitCount(start, this::runningCount, "Running TrainingJobs");
      Map<String, Double> after = apiRequests();

      line("TrainingJobs: %d (1 replica, no GPU, pods kept running by KWOK)", JOBS);
      line("seconds to apply them (8 client threads): %.1f", created);
      line("seconds until every Job exists: %.1f", allJobs);
      line("seconds until every TrainingJob shows Running: %.1f", allRunning);
      line(
          "operator writes until every Job exists: %.2f per TrainingJob (counted when the last"
              + " Job appeared, so some status writes of that moment may be missing)",
          writesToJobs / JOBS);
      line(
          "operator writes until every TrainingJob is Running: %.0f Job creates, %.0f Service"
              + " creates, %.0f Job patches, %.0f status applies/patches, %d Events: %.2f per"
              + " TrainingJob",
          delta(before, after, "POST", "jobs", ""),
          delta(before, after, "POST", "services", ""),
          delta(before, after, "PATCH", "jobs", ""),
          statusWrites(before, after),
          gantryEvents(),
          operatorWrites(before, after) / JOBS);
      line(
          "GET requests for TrainingJobs and Jobs during the run (all clients): %.0f",
          delta(before, after, "GET", "trainingjobs", "")
              + delta(before, after, "GET", "jobs", ""));
      line("operator heap used: %.0f MiB", heapBytes(operator) / 1024 / 1024);
      line(
          "operator RSS: %d MiB (peak %d MiB)",
          rssKib(operator.pid()) / 1024, procStatusKib(operator.pid(), "VmHWM:") / 1024);
      line("operator JVM options: %s", JAVA_OPTIONS);
      write();
    } finally {
      client.namespaces().withName(NS).delete();
    }
  }

  /** Server-side apply shows as verb APPLY in apiserver_request_total. */
  private static double statusWrites(Map<String, Double> before, Map<String, Double> after) {
    return delta(before, after, "APPLY", "trainingjobs", "status")
        + delta(before, after, "PATCH", "trainingjobs", "status")
        + delta(before, after, "PUT", "trainingjobs", "status");
  }

  private long gantryEvents() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "gantry-operator".equals(e.getReportingComponent()))
        .count();
  }

  /** Writes only the operator makes: Job/Service creates, Job patches, status, its Events. */
  private double operatorWrites(Map<String, Double> before, Map<String, Double> after) {
    return delta(before, after, "POST", "jobs", "")
        + delta(before, after, "POST", "services", "")
        + delta(before, after, "PATCH", "jobs", "")
        + statusWrites(before, after)
        + gantryEvents();
  }

  private void addNodes() {
    for (int i = 0; i < EXTRA_NODES; i++) {
      Node node =
          new NodeBuilder()
              .withNewMetadata()
              .withName("bench-node-" + i)
              .addToAnnotations("kwok.x-k8s.io/node", "fake")
              .addToLabels("type", "kwok")
              .addToLabels("kubernetes.io/hostname", "bench-node-" + i)
              .endMetadata()
              .withNewStatus()
              .withCapacity(
                  Map.of(
                      "cpu",
                      new Quantity("32"),
                      "memory",
                      new Quantity("256Gi"),
                      "pods",
                      new Quantity("110")))
              .withAllocatable(
                  Map.of(
                      "cpu",
                      new Quantity("32"),
                      "memory",
                      new Quantity("256Gi"),
                      "pods",
                      new Quantity("110")))
              .endStatus()
              .build();
      client.resource(node).serverSideApply();
    }
  }

  private void createTrainingJobs() throws InterruptedException {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < JOBS; i++) {
        int index = i;
        pool.submit(() -> client.resource(trainingJob("bench-" + index)).create());
      }
    }
  }

  private static TrainingJob trainingJob(String name) {
    TrainingJob job = new TrainingJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    TrainingJobSpec spec = new TrainingJobSpec();
    spec.image = "gantry/training:0.1.0";
    spec.dataset = new DatasetSpec();
    spec.dataset.storageUri = "s3://data/fraud.csv";
    spec.output = new OutputSpec();
    spec.output.modelName = "bench";
    spec.output.storageUri = "s3://models/bench";
    spec.podTemplate = new PodTemplateOverlay();
    // scripts/kwok/stages.yaml keeps such pods running.
    spec.podTemplate.labels = Map.of("e2e.gantry.dev/outcome", "run");
    job.setSpec(spec);
    return job;
  }

  private int jobCount() {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems().size();
  }

  private int runningCount() {
    return (int)
        client.resources(TrainingJob.class).inNamespace(NS).list().getItems().stream()
            .filter(t -> t.getStatus() != null && t.getStatus().phase == TrainingJobPhase.Running)
            .count();
  }

  private double awaitCount(long start, java.util.function.IntSupplier count, String what) {
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .conditionEvaluationListener(
            c -> {
              if (c.getElapsedTimeInMS() % 20_000 < 2_000) {
                System.out.printf("[bench] %s: %d/%d%n", what, count.getAsInt(), JOBS);
              }
            })
        .until(() -> count.getAsInt() >= JOBS);
    return seconds(start);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private Map<String, Double> apiRequests() {
    return ApiServerRequests.snapshot(client);
  }

  private static double delta(
      Map<String, Double> before,
      Map<String, Double> after,
      String verb,
      String resource,
      String sub) {
    return ApiServerRequests.delta(before, after, verb, resource, sub);
  }

  private static double heapBytes(OperatorProcess operator) {
    return operator
        .get("/q/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static long rssKib(long pid) throws IOException {
    return procStatusKib(pid, "VmRSS:");
  }

  private static long procStatusKib(long pid, String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith(field))
        .map(l -> l.replaceAll("[^0-9]", ""))
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElse(-1);
  }

  private void line(String format, Object... args) {
    String text = String.format(format, args);
    report.add(text);
    System.out.println("[bench] " + text);
  }

  private void write() throws IOException {
    Path out = Path.of("target/bench/trainingjob-scale.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }
}
