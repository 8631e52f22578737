package dev.gantry.operator.inferenceservice;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Whether two statuses would serialize alike: the test for "nothing to write". */
final class StatusComparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusComparison() {}

  static boolean same(Object previous, Object next) {
    return JSON.valueToTree(previous).equals(JSON.valueToTree(next));
  }
}
