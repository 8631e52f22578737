package dev.gantry.api.v1alpha1.batchprediction;

/** How the input files are written. */
public enum DatasetFormat {
  /** Comma-separated, a header row, unquoted values (as the training image writes them). */
  CSV
}
