package dev.gantry.inference.validation;

import static dev.gantry.inference.fuzz.Refusals.successOrClientError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.inference.fuzz.FuzzBudget;
import dev.gantry.inference.fuzz.Requests;
import dev.gantry.inference.protocol.InferRequest;
import dev.gantry.inference.runtime.Datatype;
import dev.gantry.inference.runtime.ModelSignature;
import dev.gantry.inference.runtime.Tensor;
import dev.gantry.inference.runtime.TensorSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the validator with requests a decoder could produce (any names, datatypes, shapes and
 * element counts, NaN and out-of-range values), against models with and without baselines, in every
 * validation mode: it accepts or refuses as INVALID, and what it accepts is what the model can run
 * (every input once, in the model's order, with the model's datatype, a shape the model allows and
 * exactly as many elements as the shape, one batch size).
 */
@AddLifecycleHook(FuzzBudget.class)
class InferRequestValidatorFuzzTest {

  @Property
  void requestsAreAcceptedOnlyWhenTheModelCanRunThem(@ForAll("cases") Case c) {
    var valid = successOrClientError(() -> c.validator().validate(c.request()));
    Statistics.collect(valid.isPresent() ? "valid" : "refused");
    valid.ifPresent(
        v -> {
          List<TensorSpec> specs = c.signature().inputs();
          assertThat(v.inputs()).hasSameSizeAs(specs);
          for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            Tensor t = v.inputs().get(i);
            assertThat(t.name()).isEqualTo(spec.name());
            assertThat(t.datatype()).isEqualTo(spec.datatype());
            assertThat(t.shape()).hasSameSizeAs(spec.shape());
            for (int d = 0; d < spec.shape().length; d++) {
              if (spec.shape()[d] >= 0) {
                assertThat(t.shape()[d]).isEqualTo(spec.shape()[d]);
              }
            }
            assertThat(Tensor.elementCount(t.shape())).isEqualTo(t.length());
            if (spec.hasDynamicBatch()) {
              assertThat(t.shape()[0]).isEqualTo(v.rows());
            }
          }
          // Zero rows is a valid request (ONNX Runtime answers empty outputs).
          assertThat(v.rows()).isNotNegative();
        });
  }

  record Case(ModelSignature signature, InferRequestValidator validator, InferRequest request) {}

  @Provide
  Arbitrary<Case> cases() {
    return Requests.signatures()
        .flatMap(
            s ->
                Combinators.combine(
                        Requests.validators(s),
                        Arbitraries.oneOf(Requests.validInputs(s), mutatedInputs(s)),
                        Arbitraries.of("output", "d_out", "y", "nope").list().ofMaxSize(2))
                    .as(
                        (v, inputs, outputs) ->
                            new Case(
                                s,
                                v,
                                new InferRequest(
                                    "m", null, null, Map.of(), inputs, outputs, false, Set.of()))));
  }

  /**
   * Valid inputs with one thing changed: a name, a copy, a missing input, a dimension, the whole
   * shape (any dimensions, with data to match where that is small), the datatype or element count.
   */
  private static Arbitrary<List<Tensor>> mutatedInputs(ModelSignature s) {
    return Combinators.combine(
            Requests.validInputs(s),
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 8),
            Requests.dimensions(),
            Requests.dimensions().map(d -> Math.max(0, d)).list().ofMaxSize(3),
            Arbitraries.of(Datatype.class))
        .flatAs(
            (inputs, how, which, dim, dims, datatype) -> {
              List<Tensor> out = new ArrayList<>(inputs);
              int i = which % out.size();
              Tensor t = out.get(i);
              switch (how) {
                case 0 -> out.set(i, t.withName(t.name() + "x"));
                case 1 -> out.add(t);
                case 2 -> out.remove(i);
                case 3 -> {
                  long[] shape = t.shape().clone();
                  if (shape.length > 0) {
                    shape[which % shape.length] = Math.max(0, dim);
                  }
                  out.set(i, new Tensor(t.name(), t.datatype(), shape, t.data()));
                }
                case 4 -> {
                  // Any shape of the model's rank; data to match when that is at most 12 elements.
                  long[] shape = new long[t.shape().length];
                  for (int d = 0; d < shape.length; d++) {
                    shape[d] = dims.isEmpty() ? 0 : dims.get(d % dims.size());
                  }
                  long n;
                  try {
                    n = Tensor.elementCount(shape);
                  } catch (ArithmeticException e) {
                    n = -1;
                  }
                  int length = n >= 0 && n <= 12 ? (int) n : 3;
                  return Requests.data(t.datatype(), length, length)
                      .map(
                          d -> {
                            List<Tensor> copy = new ArrayList<>(out);
                            copy.set(i, new Tensor(t.name(), t.datatype(), shape, d));
                            return copy;
                          });
                }
                default -> {
                  // Another datatype or element count: new data of any length.
                  return Requests.data(datatype, 0, 12)
                      .map(
                          d -> {
                            List<Tensor> copy = new ArrayList<>(out);
                            long n = Array.getLength(d);
                            copy.set(
                                i,
                                new Tensor(
                                    t.name(), datatype, how == 5 ? t.shape() : new long[] {n}, d));
                            return copy;
                          });
                }
              }
              return Arbitraries.just(List.copyOf(out));
            });
  }
}
