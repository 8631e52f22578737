package dev.gantry.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tribuo.common.sgd.AbstractSGDTrainer;

/**
 * Per-epoch progress lines ({@code epoch=3/10 loss=0.213456}). Tribuo's SGD trainers log the summed
 * loss every {@code loggingInterval} gradient steps; with the interval set to one epoch's steps,
 * each of those log records is one epoch, which this handler turns into a progress line (and keeps
 * Tribuo's own line off the console).
 */
final class EpochProgress extends Handler implements AutoCloseable {
  private static final Pattern TRIBUO_LINE =
      Pattern.compile("At iteration (\\d+), average loss = (\\S+)");
  // Held strongly: java.util.logging forgets loggers nobody references.
  private static final Logger SGD_LOGGER = Logger.getLogger(AbstractSGDTrainer.class.getName());

  private final int stepsPerEpoch;
  private final int trainRows;
  private final int epochs;
  private final PrintStream out;
  private final List<Double> losses = new ArrayList<>();
  private final boolean parentHandlers;

  EpochProgress(int stepsPerEpoch, int trainRows, int epochs, PrintStream out) {
    this.stepsPerEpoch = stepsPerEpoch;
    this.trainRows = trainRows;
    this.epochs = epochs;
    this.out = out;
    this.parentHandlers = SGD_LOGGER.getUseParentHandlers();
    SGD_LOGGER.setUseParentHandlers(false);
    SGD_LOGGER.addHandler(this);
    SGD_LOGGER.setLevel(Level.INFO);
  }

  @Override
  public void publish(LogRecord record) {
    Matcher m = TRIBUO_LINE.matcher(String.valueOf(record.getMessage()));
    if (!m.find()) {
      return;
    }
    int epoch = (int) (Long.parseLong(m.group(1)) / stepsPerEpoch);
    // Tribuo logs the summed objective value (the log-likelihood, i.e. minus the log loss) divided
    // by the step count; report the per-example mean log loss.
    double loss = -Double.parseDouble(m.group(2)) * stepsPerEpoch / trainRows;
    losses.add(loss);
    out.printf(Locale.ROOT, "epoch=%d/%d loss=%.6f%n", epoch, epochs, loss);
    out.flush();
  }

  /** The mean training loss of each epoch so far. */
  List<Double> losses() {
    return List.copyOf(losses);
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {
    SGD_LOGGER.removeHandler(this);
    SGD_LOGGER.setUseParentHandlers(parentHandlers);
  }
}
