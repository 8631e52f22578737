package dev.gantry.inference.batching;

import dev.gantry.inference.protocol.InferenceException;
import dev.gantry.inference.protocol.InferenceException.Kind;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Coalesces concurrent requests into one session.run and splits the outputs back by rows.
 *
 * <p>A batch closes when it holds {@code maxBatchSize} rows, when its first request has waited
 * {@code maxDelay}, or as soon as no other request is in flight in the server ({@code
 * activeRequests}): a lone caller never waits for company that is not coming, while under load the
 * batch fills with requests still being decoded and validated. Only validated requests get here,
 * and only requests with the same requested outputs and the same non-batch dimensions share a run.
 * If a shared run fails, each request is run alone so that one request can never fail the others.
 */
public final class DynamicBatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);
  private static final long WAIT_SLICE_NANOS = 100_000;

  private record Job(
      ValidatedRequest request, long enqueuedNanos, CompletableFuture<RunResult> result) {}

  private final ModelRun model;
  private final IntSupplier activeRequests;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final BlockingQueue<Job> queue;
  private final Thread worker;
  private volatile boolean closed;
  private Job carried;

  /** A batcher that always waits up to {@code maxDelayNanos} for a batch to fill. */
  public DynamicBatcher(ModelRun model, int maxBatchSize, long maxDelayNanos, int maxQueued) {
    this(model, maxBatchSize, maxDelayNanos, maxQueued, () -> Integer.MAX_VALUE);
  }

  /**
   * @param activeRequests requests currently inside the server (including those being batched)
   */
  public DynamicBatcher(
      ModelRun model,
      int maxBatchSize,
      long maxDelayNanos,
      int maxQueued,
      IntSupplier activeRequests) {
    this.model = model;
    this.activeRequests = activeRequests;
    this.maxBatchSize = Math.max(1, maxBatchSize);
    this.maxDelayNanos = Math.max(0, maxDelayNanos);
    this.queue = new ArrayBlockingQueue<>(Math.max(1, maxQueued));
    this.worker = Thread.ofPlatform().name("gantry-batcher").daemon().unstarted(this::loop);
    this.worker.start();
  }

  /** Runs the request, in a batch when others arrive in time. Blocks until it is done. */
  public RunResult run(ValidatedRequest request) throws Exception {
    if (request.rows() >= maxBatchSize) {
      // Already a full batch: queueing would only add latency.
      return runAlone(request, System.nanoTime());
    }
    Job job = new Job(request, System.nanoTime(), new CompletableFuture<>());
    if (closed || !queue.offer(job)) {
      throw new InferenceException(Kind.UNAVAILABLE, "the batch queue is full or closed");
    }
    try {
      return job.result().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void loop() {
    while (!closed) {
      try {
        List<Job> batch = collect();
        if (!batch.isEmpty()) {
          dispatch(batch);
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("batcher loop failed", e);
      }
    }
    failPending();
  }

  private List<Job> collect() throws InterruptedException {
    Job first = carried != null ? carried : queue.take();
    carried = null;
    List<Job> batch = new ArrayList<>();
    batch.add(first);
    int rows = first.request().rows();
    long deadline = first.enqueuedNanos() + maxDelayNanos;
    while (rows < maxBatchSize) {
      Job next = queue.poll();
      if (next == null) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0 || batch.size() >= activeRequests.getAsInt()) {
          break; // out of time, or nobody else is on the way
        }
        // Short slices, so that the batch closes soon after the last caller arrived.
        next = queue.poll(Math.min(wait, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
        if (next == null) {
          continue;
        }
      }
      if (rows + next.request().rows() > maxBatchSize) {
        carried = next;
        break;
      }
      batch.add(next);
      rows += next.request().rows();
    }
    return batch;
  }

  /** Groups the batch by what can share a run, then runs each group. */
  private void dispatch(List<Job> batch) {
    Map<String, List<Job>> groups = new LinkedHashMap<>();
    for (Job job : batch) {
      groups.computeIfAbsent(compatibilityKey(job.request()), k -> new ArrayList<>()).add(job);
    }
    for (List<Job> group : groups.values()) {
      if (group.size() == 1) {
        complete(
            group.get(0), () -> runAlone(group.get(0).request(), group.get(0).enqueuedNanos()));
      } else {
        runTogether(group);
      }
    }
  }

  private static String compatibilityKey(ValidatedRequest r) {
    StringBuilder key = new StringBuilder(r.outputs().toString());
    for (Tensor t : r.inputs()) {
      key.append('|').append(Arrays.toString(Arrays.copyOfRange(t.shape(), 1, t.shape().length)));
    }
    return key.toString();
  }

  private void runTogether(List<Job> group) {
    int n = group.size();
    int[] rows = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      rows[i] = group.get(i).request().rows();
      total += rows[i];
    }
    ValidatedRequest first = group.get(0).request();
    List<Tensor> stacked = new ArrayList<>(first.inputs().size());
    for (int input = 0; input < first.inputs().size(); input++) {
      List<Tensor> parts = new ArrayList<>(n);
      for (Job job : group) {
        parts.add(job.request().inputs().get(input));
      }
      stacked.add(TensorRows.stack(parts));
    }
    long start = System.nanoTime();
    List<Tensor> outputs;
    try {
      outputs = model.run(stacked, first.outputs());
      for (Tensor out : outputs) {
        if (out.shape().length == 0 || out.shape()[0] != total) {
          throw new IllegalStateException(
              "output '" + out.name() + "' is not row-aligned with the batch");
        }
      }
    } catch (Exception e) {
      LOG.debugf(e, "a batch of %d requests failed; running them one by one", n);
      for (Job job : group) {
        complete(job, () -> runAlone(job.request(), job.enqueuedNanos()));
      }
      return;
    }
    long runNanos = System.nanoTime() - start;
    List<List<Tensor>> perJob = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      perJob.add(new ArrayList<>(outputs.size()));
    }
    for (Tensor out : outputs) {
      List<Tensor> parts = TensorRows.split(out, rows);
      for (int i = 0; i < n; i++) {
        perJob.get(i).add(parts.get(i));
      }
    }
    for (int i = 0; i < n; i++) {
      Job job = group.get(i);
      job.result()
          .complete(new RunResult(perJob.get(i), start - job.enqueuedNanos(), runNanos, total));
    }
  }

  private RunResult runAlone(ValidatedRequest request, long enqueuedNanos) throws Exception {
    long start = System.nanoTime();
    List<Tensor> outputs = model.run(request.inputs(), request.outputs());
    return new RunResult(outputs, start - enqueuedNanos, System.nanoTime() - start, request.rows());
  }

  private interface Attempt {
    RunResult get() throws Exception;
  }

  private static void complete(Job job, Attempt attempt) {
    try {
      job.result().complete(attempt.get());
    } catch (Exception e) {
      job.result().completeExceptionally(e);
    }
  }

  private void failPending() {
    List<Job> left = new ArrayList<>();
    if (carried != null) {
      left.add(carried);
    }
    queue.drainTo(left);
    for (Job job : left) {
      job.result()
          .completeExceptionally(new InferenceException(Kind.UNAVAILABLE, "server shutting down"));
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
