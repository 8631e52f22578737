package dev.gantry.inference.fuzz;

import java.util.List;
import net.jqwik.api.Property;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.CannotFindStoreException;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * A time budget per property: with {@code -Dgantry.fuzz.seconds=N} (the {@code fuzz} Maven profile
 * sets it, see docs/fuzzing.md) a property runs for N seconds. jqwik counts in tries, and sizes its
 * generators and edge cases by the number of tries, so that a property with a billion tries would
 * spend its time building generators; instead each run keeps its tries (jqwik.tries.default) and
 * the property is run again, with fresh random values, until the budget is spent or a run fails. A
 * run that passes the deadline midway stops, satisfied, after its current try. Properties that set
 * their own {@code tries} are example-sized checks and run once. Without the system property (CI)
 * nothing changes: a property runs its tries once.
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {

  private static final Tuple.Tuple2<Class<?>, String> DEADLINE =
      Tuple.of(FuzzBudget.class, "deadline");

  /** Registered on a test class, the budget applies to each of its properties. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  /** The budget in seconds, 0 for none. */
  public static long seconds() {
    return Long.getLong("gantry.fuzz.seconds", 0);
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    long budget = seconds();
    boolean ownTries =
        context
            .findAnnotation(Property.class)
            .map(p -> p.tries() != Property.TRIES_NOT_SET)
            .orElse(false);
    if (budget <= 0 || ownTries) {
      // A property with its own tries is an example-sized check, not a fuzz target.
      return property.execute();
    }
    long deadline = System.nanoTime() + budget * 1_000_000_000L;
    Store.create(DEADLINE, Lifespan.PROPERTY, () -> deadline);
    PropertyExecutionResult result;
    int runs = 0;
    long tries = 0;
    int triesPerRun = Integer.getInteger("jqwik.tries.default", 1000);
    boolean exhausted;
    do {
      result = property.execute();
      runs++;
      tries += result.countTries();
      // Fewer tries than asked for before the deadline: jqwik generated every value there is.
      exhausted = result.countTries() < triesPerRun && System.nanoTime() < deadline;
    } while (result.status() == PropertyExecutionResult.Status.SUCCESSFUL
        && !exhausted
        && System.nanoTime() < deadline);
    System.out.printf(
        "fuzz budget: %s ran %d times, %d tries in %d s%n", context.label(), runs, tries, budget);
    return result;
  }

  @Override
  public TryExecutionResult aroundTry(
      TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
    TryExecutionResult result = aTry.execute(parameters);
    if (seconds() > 0 && result.isSatisfied()) {
      try {
        if (System.nanoTime() > Store.<Long>get(DEADLINE).get()) {
          return TryExecutionResult.satisfied(true);
        }
      } catch (CannotFindStoreException e) {
        // A property with its own tries: no deadline.
      }
    }
    return result;
  }
}
