package dev.gantry.operator.modelversion;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Whether two statuses would serialize alike: the test for "nothing to write". */
final class StatusDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDiff() {}

  static boolean same(Object previous, Object next) {
    return JSON.valueToTree(previous).equals(JSON.valueToTree(next));
  }
}
