package dev.gantry.inference.engine;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** How many inference requests are inside the engine right now; the batcher reads it. */
@ApplicationScoped
public class InFlightRequests {

  private final AtomicInteger count = new AtomicInteger();

  public void enter() {
    count.incrementAndGet();
  }

  public void leave() {
    count.decrementAndGet();
  }

  public int get() {
    return count.get();
  }
}
