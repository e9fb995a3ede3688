package io.modelrunner.app.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import io.modelrunner.api.json.JsonMappers;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real adapter for tests: it takes a model input (the run request's {@code configuration})
 * and returns a valid model output document for it (api's {@code output.schema.json}). A test can
 * make it refuse the configuration, fail, block until released (or removed), or return something
 * else; it records what it was sent, which runs it started, and which it saw removed.
 */
public class OutputAdapter extends ModelAdapter<JsonNode> {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final List<String> METRICS =
      List.of(
          "Mild",
          "ILI",
          "SARI",
          "Critical",
          "CritRecov",
          "incDeath",
          "cumMild",
          "cumILI",
          "cumSARI",
          "cumCritical",
          "cumCritRecov");

  /** A run request's configuration that the output schema accepts as metadata. */
  public static final String CONFIGURATION =
      "{\"region\":\"US\",\"subregion\":\"US-NY\",\"parameters\":{\"calibrationDate\":"
          + "\"2020-04-18\",\"calibrationCaseCount\":1400,\"calibrationDeathCount\":200,"
          + "\"r0\":null,\"interventionPeriods\":[{\"startDate\":\"2020-03-16\","
          + "\"reductionPopulationContact\":20,\"socialDistancing\":\"moderate\"}]}}";

  public final List<JsonNode> initialized = new CopyOnWriteArrayList<>();
  public final Set<String> started = ConcurrentHashMap.newKeySet();
  public final Set<String> removed = ConcurrentHashMap.newKeySet();
  public final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final String version;
  public volatile String rejectWith;
  public volatile String failWith;
  public volatile boolean block;
  public volatile JsonNode resultOverride;

  public OutputAdapter(String version) {
    super(JsonNode.class);
    this.version = version;
  }

  public OutputAdapter() {
    this("3.1.4");
  }

  /** Lets blocked runs finish. */
  public void release() {
    gate.countDown();
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public void initialize(JsonNode config) {
    initialized.add(config);
    if (rejectWith != null) {
      throw new IllegalArgumentException(rejectWith);
    }
  }

  @Override
  public Object run(RunContext<JsonNode> context) throws Exception {
    started.add(context.modelRunId());
    context.reportProgress("day 0 of 3");
    if (block) {
      try {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the model");
        }
      } catch (InterruptedException e) {
        interrupted.add(context.modelRunId());
        throw e;
      }
    }
    if (failWith != null) {
      throw new IllegalStateException(failWith);
    }
    if (resultOverride != null) {
      return resultOverride;
    }
    return output(context.config());
  }

  @Override
  public void onRemove(String modelRunId) {
    removed.add(modelRunId);
  }

  /** A valid model output for {@code input}: three days of every metric. */
  public static ObjectNode output(JsonNode input) {
    ObjectNode output = MAPPER.createObjectNode();
    ObjectNode metadata = output.putObject("metadata");
    metadata.set("region", input.path("region"));
    if (input.has("subregion")) {
      metadata.set("subregion", input.get("subregion"));
    }
    metadata.set("parameters", input.path("parameters"));
    ObjectNode time = output.putObject("time");
    time.put("t0", input.path("parameters").path("calibrationDate").asText("2020-01-01"));
    time.putArray("timestamps").add(0).add(1).add(2);
    time.putArray("extent").add(0).add(2);
    ObjectNode metrics = output.putObject("aggregate").putObject("metrics");
    for (String metric : METRICS) {
      ArrayNode values = metrics.putArray(metric);
      values.add(1).add(2).add(3);
    }
    return output;
  }
}
