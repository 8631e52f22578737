package dev.gantry.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal is a 400 whose message names the input and the problem. */
@QuarkusTest
@TestProfile(TabularProfile.class)
class RestValidationTest {

  private static final String INFER = "/v2/models/fraud/infer";

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  static Stream<Arguments> malformedRequests() {
    String row = "[0.1, 0.2, 0.3, 0.4]";
    return Stream.of(
        Arguments.of("body that is not JSON", "{\"inputs\": [", "not valid JSON"),
        Arguments.of("body that is not an object", "[1, 2]", "must be a JSON object"),
        Arguments.of("missing inputs", "{}", "'inputs' must be a non-empty array"),
        Arguments.of(
            "unknown input",
            input("x", "FP32", "[1, 4]", row),
            "input 'x' is not an input of the model"),
        Arguments.of(
            "input given twice",
            "{\"inputs\": ["
                + tensor("input", "FP32", "[1, 4]", row)
                + ","
                + tensor("input", "FP32", "[1, 4]", row)
                + "]}",
            "input 'input' is given more than once"),
        Arguments.of(
            "unsupported datatype",
            input("input", "FP16", "[1, 4]", row),
            "input 'input': unsupported datatype 'FP16'"),
        Arguments.of(
            "wrong datatype",
            input("input", "FP64", "[1, 4]", row),
            "input 'input': datatype FP64 does not match the model's FP32"),
        Arguments.of(
            "wrong rank",
            input("input", "FP32", "[4]", row),
            "input 'input': shape [4] has rank 1, the model expects rank 2"),
        Arguments.of(
            "wrong fixed dimension",
            input("input", "FP32", "[1, 3]", "[0.1, 0.2, 0.3]"),
            "input 'input': shape [1, 3] does not match the model's [-1, 4] at dimension 1"),
        Arguments.of(
            "too few elements",
            input("input", "FP32", "[2, 4]", row),
            "input 'input': shape [2, 4] needs 8 elements, got 4"),
        Arguments.of(
            "negative dimension",
            input("input", "FP32", "[-1, 4]", row),
            "input 'input': shape dimensions must be non-negative integers"),
        Arguments.of(
            "non-numeric element",
            input("input", "FP32", "[1, 4]", "[0.1, \"a\", 0.3, 0.4]"),
            "input 'input': element 1 (\"a\") is not a valid FP32"),
        Arguments.of(
            "NaN",
            input("input", "FP32", "[1, 4]", "[0.1, NaN, 0.3, 0.4]"),
            "input 'input': element 1 is NaN"),
        Arguments.of(
            "infinity",
            input("input", "FP32", "[1, 4]", "[0.1, 0.2, Infinity, 0.4]"),
            "input 'input': element 2 is Infinity"),
        Arguments.of(
            "value far outside the training range",
            input("input", "FP32", "[1, 4]", "[0.1, 0.2, 1e6, 0.4]"),
            "input 'input' column 2 (feature 'f2') row 0: value 1000000.0 is outside the allowed range"),
        Arguments.of(
            "unknown output",
            "{\"inputs\": ["
                + tensor("input", "FP32", "[1, 4]", row)
                + "], \"outputs\": [{\"name\": \"probs\"}]}",
            "output 'probs' is not an output of the model"),
        Arguments.of(
            "binary data without the extension header",
            "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4],"
                + " \"parameters\": {\"binary_data_size\": 16}}]}",
            "input 'input': binary_data_size needs the Inference-Header-Content-Length header"),
        Arguments.of(
            "missing data",
            "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4]}]}",
            "input 'input': 'data' is missing"));
  }

  @ParameterizedTest(name = "{0} is refused with 400")
  @MethodSource("malformedRequests")
  void malformedRequestsAreRefusedWith400NamingTheProblem(
      String description, String body, String message) {
    given().body(body).post(INFER).then().statusCode(400).body("error", containsString(message));
  }

  @Test
  void theServerKeepsServingAfterMalformedRequests() {
    given().body("{\"inputs\": [").post(INFER).then().statusCode(400);
    given().body(Json.tabularRequest(Rows.tabular(4, 3))).post(INFER).then().statusCode(200);
  }

  private static String input(String name, String datatype, String shape, String data) {
    return "{\"inputs\": [" + tensor(name, datatype, shape, data) + "]}";
  }

  private static String tensor(String name, String datatype, String shape, String data) {
    return "{\"name\": \""
        + name
        + "\", \"datatype\": \""
        + datatype
        + "\", \"shape\": "
        + shape
        + ", \"data\": "
        + data
        + "}";
  }
}
