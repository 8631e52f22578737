package dev.gantry.inference.fuzz;

import java.util.Iterator;
import net.jqwik.api.Arbitrary;

/**
 * jqwik generators driven outside a property, for the server-level fuzz that runs inside a
 * {@code @QuarkusTest} (where jqwik's engine cannot run): draws values from a seeded generator,
 * until a count or the fuzz time budget runs out. The seed is printed and can be fixed with {@code
 * -Dgantry.fuzz.seed=N} to replay a run.
 */
public final class Sampler<T> {

  private final Iterator<T> values;
  private final long count;
  private final long deadline;
  private long drawn;

  private Sampler(Arbitrary<T> arbitrary, long count, long seconds) {
    this.values = arbitrary.sampleStream().iterator();
    this.count = count;
    this.deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
  }

  /**
   * Up to {@code gantry.fuzz.http-requests} values (default 300), or as many as fit in {@code
   * gantry.fuzz.seconds} when that is set.
   */
  public static <T> Sampler<T> of(Arbitrary<T> arbitrary) {
    long count = Long.getLong("gantry.fuzz.http-requests", 300);
    long seconds = FuzzBudget.seconds();
    return new Sampler<>(arbitrary, seconds > 0 ? Long.MAX_VALUE : count, seconds);
  }

  public boolean hasNext() {
    return drawn < count && System.nanoTime() < deadline;
  }

  public T next() {
    drawn++;
    return values.next();
  }

  public long drawn() {
    return drawn;
  }

  /** A description for assertion messages: which draw failed. */
  public String where() {
    return "draw " + drawn;
  }
}
