package dev.gantry.training;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Splits the data, learns the encoding and trains the configured model family. */
public final class ModelTrainer {
  // A fixed creation time keeps the Tribuo provenance free of wall-clock noise.
  private static final OffsetDateTime DATASET_TIME =
      OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private ModelTrainer() {}

  public static TrainedModel train(TypedDataset data, Hyperparameters h, PrintStream out) {
    Split split = Split.stratified(data, h.testFraction(), h.seed());
    FeatureEncoder encoder = new FeatureEncoder(data, split.train());
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> dataset =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("gantry dataset", DATASET_TIME, labels), labels);
    for (int row : split.train()) {
      dataset.add(encoder.encode(row));
    }
    int rows = split.train().length;
    int stepsPerEpoch = (rows + h.minibatchSize() - 1) / h.minibatchSize();
    ModelFamily family = ModelFamily.of(h.model());
    out.printf(
        "[gantry-train] training %s on %d rows (%d held out), %d encoded features, %d epochs, seed %d%n",
        family.id(),
        rows,
        split.test().length,
        dataset.getFeatureMap().size(),
        h.epochs(),
        h.seed());
    try (EpochProgress progress = new EpochProgress(stepsPerEpoch, rows, h.epochs(), out)) {
      Model<Label> model = family.trainer(h, stepsPerEpoch).train(dataset);
      return new TrainedModel(model, encoder, data, split, progress.losses());
    }
  }
}
