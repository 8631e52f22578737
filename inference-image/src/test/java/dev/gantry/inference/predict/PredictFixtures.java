package dev.gantry.inference.predict;

import dev.gantry.inference.config.InferenceConfig.NonFinitePolicy;
import dev.gantry.inference.config.InferenceConfig.OnInvalidRow;
import dev.gantry.inference.config.InferenceConfig.ValidationMode;
import dev.gantry.inference.runtime.SessionFactory;
import dev.gantry.inference.support.TestModels;
import dev.gantry.inference.validation.ValueRules;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** CSV inputs and settings for the predict tests, on the tabular Tribuo LR of TestModels. */
final class PredictFixtures {

  private PredictFixtures() {}

  /**
   * {@code rows} rows of {@code txn,f0,f1,f2,f3,label} (txn = "t" + row), N(0,1) features printed
   * as floats.
   */
  static Path tabularCsv(Path file, long seed, int rows) throws IOException {
    Files.createDirectories(file.getParent());
    Random r = new Random(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write("txn,f0,f1,f2,f3,label\n");
      StringBuilder line = new StringBuilder(96);
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        line.append('t').append(i);
        for (int c = 0; c < 4; c++) {
          line.append(',').append((float) r.nextGaussian());
        }
        line.append(',').append(i % 2).append('\n');
        w.write(line.toString());
      }
    }
    return file;
  }

  /** Settings for a run on the tabular model, one thread, validation Reject/Reject/0.5. */
  static Builder settings(List<Path> inputs, Path output) {
    return new Builder(inputs.stream().map(p -> p.toUri().toString()).toList(), output);
  }

  static final class Builder {
    List<String> inputs;
    Path output;
    int shards = 1;
    int shard = -1;
    String planId = "plan-1";
    Optional<String> idColumn = Optional.empty();
    OnInvalidRow onInvalid = OnInvalidRow.Skip;
    ValidationMode mode = ValidationMode.Reject;
    int batchSize = 4096;
    String model = TestModels.tabular().toString();
    Optional<String> sha256 = Optional.empty();
    Path workDir;

    Builder(List<String> inputs, Path output) {
      this.inputs = new ArrayList<>(inputs);
      this.output = output;
      this.workDir = output.resolveSibling(output.getFileName() + "-work");
    }

    Builder shards(int n) {
      shards = n;
      return this;
    }

    Builder shard(int i) {
      shard = i;
      return this;
    }

    Builder idColumn(String c) {
      idColumn = Optional.of(c);
      return this;
    }

    Builder fail() {
      onInvalid = OnInvalidRow.Fail;
      return this;
    }

    Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    Builder model(String uri) {
      model = uri;
      return this;
    }

    Builder sha256(String s) {
      sha256 = Optional.of(s);
      return this;
    }

    PredictSettings build() {
      return new PredictSettings(
          inputs,
          output.toUri().toString(),
          shards,
          planId,
          shard,
          idColumn,
          onInvalid,
          List.of(),
          batchSize,
          Optional.of(model),
          sha256,
          Optional.empty(),
          "1",
          new ValueRules(mode, NonFinitePolicy.Reject, 0.5),
          new SessionFactory.Settings(
              "all", 1, 1, List.of("CPU"), false, workDir.resolve("optimized"), false),
          workDir.resolve("pvc"),
          workDir);
    }
  }
}
