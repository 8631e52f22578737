package dev.gantry.inference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

  /** A model that doubles its FP32 input [rows, 2], fails on negatives, records row counts. */
  private final List<Integer> runs = new CopyOnWriteArrayList<>();

  private List<Tensor> doubling(List<Tensor> inputs, Set<String> outputs) {
    Tensor in = inputs.get(0);
    float[] x = (float[]) in.data();
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 0) {
        throw new IllegalStateException("negative value");
      }
      y[i] = 2 * x[i];
    }
    runs.add((int) in.shape()[0]);
    return List.of(new Tensor("y", Datatype.FP32, in.shape(), y));
  }

  private static ValidatedRequest request(float first, int rows) {
    float[] x = new float[rows * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = first + i;
    }
    return new ValidatedRequest(
        List.of(new Tensor("x", Datatype.FP32, new long[] {rows, 2}, x)),
        rows,
        Set.of(),
        List.of());
  }

  @Test
  void concurrentRequestsShareOneRunAndEachGetsItsOwnRows() throws Exception {
    try (DynamicBatcher batcher =
        new DynamicBatcher(this::doubling, 64, TimeUnit.MILLISECONDS.toNanos(200), 100)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<RunResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int caller = i;
        results.add(pool.submit(() -> batcher.run(request(caller * 100, 1 + caller % 3))));
      }
      for (int i = 0; i < 8; i++) {
        RunResult r = results.get(i).get();
        float[] y = (float[]) r.outputs().get(0).data();
        assertThat(r.outputs().get(0).shape()).containsExactly(1 + i % 3, 2);
        assertThat(y[0]).isEqualTo(2f * i * 100);
        assertThat(y[y.length - 1]).isEqualTo(2f * (i * 100 + y.length - 1));
      }
      pool.shutdown();
      assertThat(runs.size()).as("session runs for 8 requests").isLessThan(8);
    }
  }

  @Test
  void aBatchThatFailsIsRetriedRequestByRequestSoOnlyTheBadOneFails() throws Exception {
    try (DynamicBatcher batcher =
        new DynamicBatcher(this::doubling, 64, TimeUnit.MILLISECONDS.toNanos(200), 100)) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      Future<RunResult> bad = pool.submit(() -> batcher.run(request(-5, 1)));
      Future<RunResult> good1 = pool.submit(() -> batcher.run(request(1, 2)));
      Future<RunResult> good2 = pool.submit(() -> batcher.run(request(10, 1)));
      assertThat(((float[]) good1.get().outputs().get(0).data())[0]).isEqualTo(2f);
      assertThat(((float[]) good2.get().outputs().get(0).data())[0]).isEqualTo(20f);
      assertThatThrownBy(bad::get).hasRootCauseMessage("negative value");
      pool.shutdown();
    }
  }

  @Test
  void aRequestAsLargeAsTheMaxBatchRunsAloneWithoutWaiting() throws Exception {
    try (DynamicBatcher batcher =
        new DynamicBatcher(this::doubling, 4, TimeUnit.SECONDS.toNanos(10), 100)) {
      long start = System.nanoTime();
      RunResult r = batcher.run(request(0, 4));
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
      assertThat(r.batchRows()).isEqualTo(4);
    }
  }

  @Test
  void requestsWithDifferentRequestedOutputsDoNotShareARun() throws Exception {
    try (DynamicBatcher batcher =
        new DynamicBatcher(this::doubling, 64, TimeUnit.MILLISECONDS.toNanos(200), 100)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      ValidatedRequest a = request(1, 1);
      ValidatedRequest b = new ValidatedRequest(request(2, 1).inputs(), 1, Set.of("y"), List.of());
      Future<RunResult> ra = pool.submit(() -> batcher.run(a));
      Future<RunResult> rb = pool.submit(() -> batcher.run(b));
      assertThat(ra.get().batchRows()).isEqualTo(1);
      assertThat(rb.get().batchRows()).isEqualTo(1);
      pool.shutdown();
    }
  }
}
