package dev.gantry.crd;

import dev.gantry.operator.health.GantryCrds;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.File;

/**
 * Generates the CRD YAML from the API types at build time (exec:java in operator/pom.xml). Uses the
 * Fabric8 generator library directly rather than its Maven plugin, for the post-processor hook that
 * keeps printer columns in declaration order, and to stay on the client's version.
 */
public final class CrdGeneration {
  private CrdGeneration() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdGeneration <output directory>");
    }
    File output = new File(args[0]);
    if (!output.isDirectory() && !output.mkdirs()) {
      throw new IllegalStateException("cannot create " + output);
    }
    int written =
        new CRDGenerator()
            .customResourceClasses(GantryCrds.KINDS)
            .forCRDVersions("v1")
            .withPostProcessor(new PrinterColumnOrder(GantryCrds.KINDS))
            .inOutputDir(output)
            .generate();
    System.out.printf("Generated %d CRDs into %s%n", written, output);
  }
}
