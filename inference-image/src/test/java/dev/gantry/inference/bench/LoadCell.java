package dev.gantry.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Closed-loop load: {@code concurrency} threads each send one request at a time for a fixed time
 * after a warm-up, recording every latency.
 */
final class LoadCell {

  /** One request; throws when the answer is not a success. */
  interface Call {
    void run() throws Exception;
  }

  /** A fresh call per thread (clients or stubs may be per thread). */
  interface CallFactory {
    Call create() throws Exception;
  }

  record Result(int concurrency, int requests, double seconds, double p50, double p95, double p99) {
    double throughput() {
      return requests / seconds;
    }
  }

  static Result run(CallFactory factory, int concurrency, double warmupSeconds, double seconds)
      throws Exception {
    LatencyRecorder recorder = new LatencyRecorder();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Call call = factory.create();
      Thread t =
          Thread.ofPlatform()
              .name("load-" + i)
              .start(
                  () -> {
                    long[] mine = new long[1 << 12];
                    int n = 0;
                    try {
                      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                        long t0 = System.nanoTime();
                        call.run();
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                          if (n == mine.length) {
                            recorder.addAll(mine, n);
                            n = 0;
                          }
                          mine[n++] = t1 - t0;
                        }
                      }
                    } catch (Throwable e) {
                      synchronized (errors) {
                        errors.add(e);
                      }
                    }
                    recorder.addAll(mine, n);
                  });
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("load cell failed: " + errors.get(0), errors.get(0));
    }
    return new Result(
        concurrency,
        recorder.count(),
        seconds,
        recorder.quantileMicros(0.50),
        recorder.quantileMicros(0.95),
        recorder.quantileMicros(0.99));
  }

  static <T> T unchecked(Callable<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
