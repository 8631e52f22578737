package dev.gantry.inference.fuzz;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates, to bound what a decoder allocates for an input. */
public final class Allocation {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocation() {}

  public static long now() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Bytes a step allocates, measured on its second run: the first may load and initialize classes
   * (exceptions, messages, generated protobuf code), which is not the step's own allocation.
   */
  public static long of(Runnable step) {
    step.run();
    long before = now();
    step.run();
    return now() - before;
  }
}
