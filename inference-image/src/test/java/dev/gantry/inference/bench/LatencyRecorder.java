package dev.gantry.inference.bench;

import java.util.Arrays;

/** Latencies of one load cell, merged from all caller threads. */
final class LatencyRecorder {

  private long[] nanos = new long[1 << 14];
  private int size;

  synchronized void addAll(long[] values, int count) {
    if (size + count > nanos.length) {
      nanos = Arrays.copyOf(nanos, Math.max(nanos.length * 2, size + count));
    }
    System.arraycopy(values, 0, nanos, size, count);
    size += count;
  }

  synchronized int count() {
    return size;
  }

  /** The q-quantile (0..1) in microseconds. */
  synchronized double quantileMicros(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
