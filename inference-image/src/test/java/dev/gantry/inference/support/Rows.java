package dev.gantry.inference.support;

/** Test rows for the tabular model as floats. */
public final class Rows {

  private Rows() {}

  public static float[][] tabular(long seed, int n) {
    double[][] x = TestModels.rows(seed, n);
    float[][] rows = new float[n][x[0].length];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < x[r].length; c++) {
        rows[r][c] = (float) x[r][c];
      }
    }
    return rows;
  }
}
