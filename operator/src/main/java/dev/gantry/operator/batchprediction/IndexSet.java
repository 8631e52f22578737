package dev.gantry.operator.batchprediction;

import java.util.BitSet;

/**
 * The index lists of an Indexed Job's status ({@code completedIndexes}, {@code failedIndexes}):
 * comma-separated numbers and inclusive ranges, e.g. {@code 0-2,5}. Pure.
 */
final class IndexSet {
  private IndexSet() {}

  /** The indexes below {@code limit} named by {@code text}; null or malformed parts name none. */
  static BitSet parse(String text, int limit) {
    BitSet set = new BitSet(limit);
    if (text == null || text.isBlank()) {
      return set;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
        if (from >= 0 && from <= to) {
          set.set(from, Math.min(to, limit - 1) + 1);
        }
      } catch (NumberFormatException e) {
        // An index list the Job controller did not write; ignore that part.
      }
    }
    return set;
  }
}
