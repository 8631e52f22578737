package dev.gantry.inference.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.contract.FeatureBaseline;
import dev.gantry.contract.ValidationReport;
import dev.gantry.inference.config.InferenceConfig;
import dev.gantry.inference.engine.ModelService;
import dev.gantry.inference.engine.ServedModel;
import dev.gantry.inference.model.ModelFetcher;
import dev.gantry.inference.model.ModelFetchers;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The image's {@code validate} mode, run by ModelVersion validation Jobs: fetch the model and
 * verify its sha256, load it into ONNX Runtime, score the golden set, check the gates, and write a
 * {@link ValidationReport} as JSON to the termination message. Exit code 0 when it passed.
 */
@ApplicationScoped
public class ValidateCommand {

  private static final Logger LOG = Logger.getLogger(ValidateCommand.class);

  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private final InferenceConfig config;
  private final ObjectMapper json =
      JsonMapper.builder().build().disable(SerializationFeature.INDENT_OUTPUT);

  public ValidateCommand(InferenceConfig config) {
    this.config = config;
  }

  public int run() {
    ValidationReport report = validate();
    write(report);
    return report.passed() ? 0 : 1;
  }

  ValidationReport validate() {
    String uri = config.model().uri().orElse(null);
    if (uri == null) {
      return new ValidationReport(false, null, null, null, null, "gantry.model.uri is not set");
    }
    try (ServedModel model = ModelService.load(config, uri, null, () -> 1)) {
      var v = config.validate();
      Map<String, Double> metrics = Map.of();
      if (v.goldenUri().isPresent()) {
        Path csv;
        try (ModelFetcher fetcher = ModelFetchers.create(config.model().pvcMountRoot())) {
          csv = fetcher.fetch(v.goldenUri().get(), config.workDir().resolve("golden.csv"), null);
        }
        GoldenSet set = GoldenSet.read(csv);
        metrics =
            GoldenSetEvaluator.evaluate(
                model.model(),
                set,
                featureColumns(model, set, v.labelColumn()),
                v.labelColumn(),
                v.classLabels().orElse(List.of()),
                Math.max(1, v.batchSize()));
      }
      List<String> gates = new ArrayList<>(v.gates().orElse(List.of()));
      v.minAccuracy().ifPresent(min -> gates.add("accuracy>=" + min));
      List<String> failed = Gates.failed(metrics, gates);
      return new ValidationReport(failed.isEmpty(), uri, model.sha256(), metrics, failed, null);
    } catch (Exception e) {
      LOG.error("validation failed", e);
      return new ValidationReport(
          false, uri, null, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Baseline feature order when the baseline names every column, else the CSV's order. */
  private static List<String> featureColumns(ServedModel model, GoldenSet set, String label) {
    if (model.baseline().isPresent() && model.baseline().get().features() != null) {
      List<String> names =
          model.baseline().get().features().stream().map(FeatureBaseline::name).toList();
      if (!names.isEmpty() && set.header().containsAll(names)) {
        return names;
      }
    }
    return set.header().stream().filter(h -> !h.equals(label)).toList();
  }

  private void write(ValidationReport report) {
    String text;
    try {
      text = json.writeValueAsString(report);
    } catch (IOException e) {
      text = "{\"passed\":false,\"error\":\"report could not be written\"}";
    }
    System.out.println(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > TERMINATION_MESSAGE_LIMIT) {
      bytes = java.util.Arrays.copyOf(bytes, TERMINATION_MESSAGE_LIMIT);
    }
    Path target = config.validate().terminationMessagePath();
    try {
      Files.write(target, bytes);
    } catch (IOException e) {
      LOG.warnf("could not write the termination message to %s: %s", target, e);
    }
  }
}
