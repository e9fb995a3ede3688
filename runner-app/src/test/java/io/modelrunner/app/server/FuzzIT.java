package io.modelrunner.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.config.ServiceConfig;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 seeded random malformed bodies at every endpoint that takes a body: each answer is a 4xx
 * problem, never a 5xx, and the service still answers afterwards. The seed is printed so a failure
 * can be replayed ({@code -Dfuzz.seed=N}).
 */
class FuzzIT {
  private static final int BODIES = 200;
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  @TempDir static Path dir;
  static RunnerServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server =
        RunnerServer.start(
            ServiceConfig.load(
                null,
                Map.of(),
                Map.of(
                    "server.port", "0",
                    "data.dir", dir.resolve("data").toString(),
                    "engine", "process",
                    "server.max-body-bytes", "65536")),
            System.getenv());
    api = new Api(server.baseUri(), server.apiToken());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void malformedBodiesGetOnly4xxAtEveryEndpoint() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("FuzzIT seed: " + seed);
    Random random = new Random(seed);
    String validRun = Api.request("fuzz", null, "m", "local/none:1");
    String validEntry =
        "{\"name\":\"a\",\"version\":\"1\",\"uri\":\"http://127.0.0.1:1\",\"max_workers\":1,"
            + "\"used_workers\":0,\"owner\":\"o\",\"status\":\"READY\"}";
    Map<String, String> endpoints =
        Map.of(
            "POST /api/runs",
            validRun,
            "POST /api/dispatch",
            "{\"event_type\":\"e\",\"client_payload\":" + validRun + "}",
            "POST /api/runs/x/cancel",
            "{\"reason\":\"x\"}",
            "POST /registry/",
            validEntry,
            "PUT /registry/1",
            validEntry,
            "POST /registry/search",
            "{\"name\":\"a\"}");
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
      String[] methodAndPath = endpoint.getKey().split(" ");
      for (int i = 0; i < BODIES; i++) {
        byte[] body = malformed(random, endpoint.getValue());
        Api.Answer answer =
            api.send(
                api.request(methodAndPath[1])
                    .header("Content-Type", "application/json")
                    .method(methodAndPath[0], HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
        boolean cancel = methodAndPath[1].endsWith("/cancel");
        if (answer.status() < 400 || answer.status() >= 500) {
          if (!(cancel && answer.status() == 404)) {
            failures.add(
                endpoint.getKey()
                    + " answered "
                    + answer.status()
                    + " to "
                    + new String(body, StandardCharsets.UTF_8)
                    + ": "
                    + answer.text());
          }
        }
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(api.get("/health").status()).isEqualTo(200);
    assertThat(api.get("/api/runs").status()).isEqualTo(200);
  }

  /** A body that is not acceptable: broken JSON, or a JSON document broken in one place. */
  static byte[] malformed(Random random, String valid) throws Exception {
    return switch (random.nextInt(6)) {
      case 0 -> {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        yield bytes;
      }
      case 1 ->
          valid.substring(0, random.nextInt(valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
      case 2 -> {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(valid);
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        String victim = names.get(random.nextInt(names.size()));
        doc.set(victim, wrongValue(random, doc.get(victim)));
        yield MAPPER.writeValueAsBytes(doc);
      }
      case 3 -> {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(valid);
        doc.put("unexpected_" + random.nextInt(1000), random.nextInt());
        yield MAPPER.writeValueAsBytes(doc);
      }
      case 4 -> ("[".repeat(5000 + random.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
      default -> {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(valid);
        if (doc.size() < 2) {
          doc.put("unexpected", true);
          yield MAPPER.writeValueAsBytes(doc);
        }
        Iterator<String> it = doc.fieldNames();
        String first = it.next();
        doc.remove(first);
        yield MAPPER.writeValueAsBytes(doc);
      }
    };
  }

  /** A value no field of these bodies accepts: an object or an array of mixed items. */
  private static JsonNode wrongValue(Random random, JsonNode current) {
    return random.nextBoolean()
        ? MAPPER.createObjectNode().put("k", "v")
        : MAPPER.createArrayNode().add(1).add("x");
  }
}
