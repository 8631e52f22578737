package dev.gantry.inference.batching;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.inference.grpc.GrpcServer;
import dev.gantry.inference.grpc.v2.ModelInferRequest;
import dev.gantry.inference.grpc.v2.ModelInferResponse;
import dev.gantry.inference.support.GrpcClient;
import dev.gantry.inference.support.Json;
import dev.gantry.inference.support.ReferenceSession;
import dev.gantry.inference.support.Rows;
import dev.gantry.inference.support.TabularProfile;
import dev.gantry.inference.support.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent callers over REST and gRPC: coalesced into shared runs, each gets its own rows. */
@QuarkusTest
@TestProfile(TabularProfile.class)
class ConcurrentBatchingTest {

  private static final int CALLERS = 24;

  @Inject GrpcServer grpc;

  @BeforeEach
  void ready() {
    Json.awaitReady();
  }

  @Test
  void concurrentCallersEachGetTheirOwnRowsFromSharedRuns() throws Exception {
    double runsBefore = metric("gantry_inference_batch_size_rows_count");
    double rowsBefore = metric("gantry_inference_batch_size_rows_sum");
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try (GrpcClient client = new GrpcClient(grpc.port());
        ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      List<float[][]> inputs = new ArrayList<>();
      List<Future<float[][]>> results = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (int caller = 0; caller < CALLERS; caller++) {
          float[][] rows = Rows.tabular(round * 1000L + caller, 1 + caller % 3);
          inputs.add(rows);
          boolean useGrpc = caller % 2 == 0;
          Callable<float[][]> call = useGrpc ? () -> viaGrpc(client, rows) : () -> viaRest(rows);
          results.add(pool.submit(call));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get())
            .as("caller %d", i)
            .isDeepEqualTo(ref.run(Map.of("input", inputs.get(i)), "output"));
      }
    } finally {
      pool.shutdownNow();
    }
    double runs = metric("gantry_inference_batch_size_rows_count") - runsBefore;
    double rows = metric("gantry_inference_batch_size_rows_sum") - rowsBefore;
    assertThat(rows / runs).as("mean rows per session.run").isGreaterThan(1.5);
  }

  @Test
  void aMalformedRequestAmongConcurrentOnesFailsAloneAndPoisonsNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (ReferenceSession ref = new ReferenceSession(TestModels.tabular())) {
      List<Future<Integer>> bad = new ArrayList<>();
      List<Future<float[][]>> good = new ArrayList<>();
      List<float[][]> inputs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        if (i % 4 == 0) {
          bad.add(
              pool.submit(
                  () ->
                      given()
                          .body(
                              "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,NaN,4]}]}")
                          .post("/v2/models/fraud/infer")
                          .statusCode()));
        } else {
          float[][] rows = Rows.tabular(500 + i, 2);
          inputs.add(rows);
          good.add(pool.submit(() -> viaRest(rows)));
        }
      }
      for (Future<Integer> f : bad) {
        assertThat(f.get()).isEqualTo(400);
      }
      for (int i = 0; i < good.size(); i++) {
        assertThat(good.get(i).get())
            .isDeepEqualTo(ref.run(Map.of("input", inputs.get(i)), "output"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static float[][] viaRest(float[][] rows) {
    String body =
        given()
            .body(Json.tabularRequest(rows))
            .post("/v2/models/fraud/infer")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    JsonNode response = Json.read(body);
    return Json.outputRows(response, "output", 2);
  }

  private static float[][] viaGrpc(GrpcClient client, float[][] rows) {
    ModelInferResponse r =
        client
            .stub()
            .modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("fraud")
                    .addInputs(GrpcClient.fp32("input", rows))
                    .build());
    float[][] out = new float[rows.length][2];
    for (int i = 0; i < rows.length * 2; i++) {
      out[i / 2][i % 2] = r.getOutputs(0).getContents().getFp32Contents(i);
    }
    return out;
  }

  private static double metric(String name) {
    String text = RestAssured.get("/metrics").asString();
    Matcher m =
        Pattern.compile("(?m)^" + name + "\\{model=\"fraud\"[^}]*\\} ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
