package dev.gantry.training;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The model families the reference trainer offers. Both export to ONNX with probabilities equal to
 * Tribuo's own (LibLinear and LibSVM are left out: their ONNX export does not match Tribuo).
 */
public enum ModelFamily {
  /** Logistic regression: a linear model with a softmax over the two classes. */
  LOGISTIC("logistic"),
  /** Factorization machine: linear terms plus factorised pairwise feature interactions. */
  FM("fm");

  private final String id;

  ModelFamily(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static ModelFamily of(String id) {
    for (ModelFamily f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown model family " + id);
  }

  /** A seeded trainer that logs its loss once per epoch of {@code stepsPerEpoch} steps. */
  Trainer<Label> trainer(Hyperparameters h, int stepsPerEpoch) {
    AdaGrad optimiser = new AdaGrad(h.learningRate(), 1e-6);
    return switch (this) {
      case LOGISTIC ->
          new LinearSGDTrainer(
              new LogMulticlass(),
              optimiser,
              h.epochs(),
              stepsPerEpoch,
              h.minibatchSize(),
              h.seed());
      case FM ->
          new FMClassificationTrainer(
              new LogMulticlass(),
              optimiser,
              h.epochs(),
              stepsPerEpoch,
              h.minibatchSize(),
              h.seed(),
              h.fmFactors(),
              h.fmVariance());
    };
  }
}
