package io.modelrunner.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the stderr of a model-runner that logs JSON: every line must be a log object. */
public final class JsonLogLines {
  private JsonLogLines() {}

  /**
   * Every line of {@code output} as a JSON object; fails on a line that is not one, or lacks a
   * field every line has ({@code timestamp} in ISO-8601 UTC, {@code level}, {@code logger}, {@code
   * thread}, {@code message} with no {@code {}} left in it).
   */
  public static List<JsonNode> parse(String output) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String text : output.split("\n")) {
      if (text.isEmpty()) {
        continue;
      }
      JsonNode line;
      try {
        line = JsonMappers.standard().readTree(text);
      } catch (IOException e) {
        throw new AssertionError("a line is not JSON: " + text + "\nall of it:\n" + output, e);
      }
      assertThat(line.isObject()).as(text).isTrue();
      assertThat(line.path("timestamp").asText())
          .as(text)
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(line.path("level").asText())
          .as(text)
          .isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
      assertThat(line.path("logger").asText()).as(text).isNotEmpty();
      assertThat(line.path("thread").asText()).as(text).isNotEmpty();
      assertThat(line.path("message").isTextual()).as(text).isTrue();
      assertThat(line.path("message").asText()).as(text).doesNotContain("{}");
      lines.add(line);
    }
    return lines;
  }
}
