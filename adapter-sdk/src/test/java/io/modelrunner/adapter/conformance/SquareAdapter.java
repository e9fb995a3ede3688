package io.modelrunner.adapter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.adapter.ModelAdapter;
import io.modelrunner.adapter.RunContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

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
  public Optional<URI> configSchema() {
    try {
      return Optional.of(SquareAdapter.class.getResource("square.schema.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the test schema's URL is not a URI", e);
    }
  }

  @Override
  public String version() {
    return "square-1.0";
  }
}
