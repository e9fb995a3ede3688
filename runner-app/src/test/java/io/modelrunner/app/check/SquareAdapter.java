package io.modelrunner.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import java.util.Map;

/** An SDK adapter whose model needs {@code {"x": number}} and answers its square at once. */
final class SquareAdapter extends ModelAdapter<JsonNode> {
  SquareAdapter() {
    super(JsonNode.class);
  }

  @Override
  public void initialize(JsonNode config) {
    if (!config.path("x").isNumber()) {
      throw new IllegalArgumentException("/x: a number is required");
    }
  }

  @Override
  public Object run(RunContext<JsonNode> context) {
    double x = context.config().path("x").asDouble();
    return Map.of("square", x * x);
  }

  @Override
  public String version() {
    return "square-1.0";
  }
}
