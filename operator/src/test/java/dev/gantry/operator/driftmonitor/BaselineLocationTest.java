package dev.gantry.operator.driftmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselineLocationTest {
  private static final Path ROOT = Path.of("/mnt/pvc");

  @Test
  void aPvcBaselineWhoseClaimIsNotMountedInTheOperatorIsAskedOfTheServingPods() {
    assertThat(
            BaselineLocation.notReadableLocally(
                "pvc://models/fraud/3/baseline.json", ROOT, p -> false))
        .hasValue("claim models is not mounted in the operator (/mnt/pvc/models)");
  }

  @Test
  void aPvcBaselineWhoseClaimIsMountedIsReadByTheOperator() {
    Set<Path> mounted = Set.of(ROOT.resolve("models"));
    assertThat(
            BaselineLocation.notReadableLocally(
                "pvc://models/fraud/3/baseline.json", ROOT, mounted::contains))
        .isEmpty();
    assertThat(
            BaselineLocation.notReadableLocally(
                "pvc://other/fraud/3/baseline.json", ROOT, mounted::contains))
        .hasValue("claim other is not mounted in the operator (/mnt/pvc/other)");
  }

  @Test
  void otherSchemesAreAlwaysReadByTheOperator() {
    for (String uri :
        new String[] {
          "s3://bucket/fraud/baseline.json",
          "https://models.example/fraud/baseline.json",
          "file:///data/baseline.json"
        }) {
      assertThat(BaselineLocation.notReadableLocally(uri, ROOT, p -> false)).as(uri).isEmpty();
    }
  }

  @Test
  void onlyAFailedPvcReadIsRetriedThroughTheServingPods() {
    assertThat(BaselineLocation.askServingPods("pvc://models/fraud/3/baseline.json")).isTrue();
    assertThat(BaselineLocation.askServingPods("s3://bucket/fraud/baseline.json")).isFalse();
    assertThat(BaselineLocation.askServingPods("file:///data/baseline.json")).isFalse();
  }
}
