package io.modelrunner.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import io.modelrunner.api.json.JsonMappers;

/** A model adapter whose model answers a valid output document echoing its input, at once. */
final class EchoAdapter extends ModelAdapter<JsonNode> {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  EchoAdapter() {
    super(JsonNode.class);
  }

  @Override
  public void initialize(JsonNode config) {
    if (!config.has("region")) {
      throw new IllegalArgumentException("region is required");
    }
  }

  @Override
  public Object run(RunContext<JsonNode> context) {
    ObjectNode out = MAPPER.createObjectNode();
    out.set("metadata", context.config());
    ObjectNode time = out.putObject("time");
    time.put("t0", "2020-03-01");
    time.putArray("timestamps").add(0).add(1);
    time.putArray("extent").add(0).add(1);
    ObjectNode metrics = out.putObject("aggregate").putObject("metrics");
    for (String m :
        new String[] {
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
          "cumCritRecov"
        }) {
      metrics.putArray(m).add(0).add(1);
    }
    return out;
  }

  @Override
  public String version() {
    return "echo-1.0";
  }
}
