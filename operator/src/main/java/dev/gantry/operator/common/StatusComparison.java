package dev.gantry.operator.common;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whether two statuses would serialize alike: every reconciler's test for "nothing to write", so a
 * second reconcile sends no request.
 */
public final class StatusComparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusComparison() {}

  public static boolean same(Object previous, Object next) {
    if (previous == null) {
      return next == null;
    }
    return JSON.valueToTree(previous).equals(JSON.valueToTree(next));
  }
}
