package dev.gantry.training;

import java.util.SplittableRandom;

/**
 * A seeded, stratified train/held-out split: each class is shuffled and cut at the same fraction,
 * so a rare positive class appears in both parts.
 *
 * @param train row indices to train on, in shuffled order
 * @param test held-out row indices
 */
public record Split(int[] train, int[] test) {

  public static Split stratified(TypedDataset data, double testFraction, long seed) {
    int n = data.rows();
    int positives = (int) data.positiveCount();
    int[] pos = new int[positives];
    int[] neg = new int[n - positives];
    for (int r = 0, p = 0, q = 0; r < n; r++) {
      if (data.isPositive(r)) {
        pos[p++] = r;
      } else {
        neg[q++] = r;
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    shuffle(pos, random);
    shuffle(neg, random);
    int posTest = (int) Math.round(pos.length * testFraction);
    int negTest = (int) Math.round(neg.length * testFraction);
    if (posTest == 0 || negTest == 0 || posTest == pos.length || negTest == neg.length) {
      throw new BadInputException(
          SchemaResolver.REASON,
          "too few rows to hold out "
              + testFraction
              + " of each class for evaluation ("
              + pos.length
              + " positive, "
              + neg.length
              + " negative)");
    }
    int[] train = new int[n - posTest - negTest];
    int[] test = new int[posTest + negTest];
    System.arraycopy(pos, 0, test, 0, posTest);
    System.arraycopy(neg, 0, test, posTest, negTest);
    System.arraycopy(pos, posTest, train, 0, pos.length - posTest);
    System.arraycopy(neg, negTest, train, pos.length - posTest, neg.length - negTest);
    shuffle(train, random); // interleave the classes for SGD
    return new Split(train, test);
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
