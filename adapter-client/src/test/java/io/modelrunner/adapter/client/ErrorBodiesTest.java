package io.modelrunner.adapter.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private static String message(String body) {
    return ErrorBodies.message(body.getBytes(StandardCharsets.UTF_8), MAPPER);
  }

  @Test
  void flaskSmorestValidationErrorsBecomeOneJsonPointerPerMessage() {
    // flask-smorest's error handler (webargs + marshmallow) as the MultiModelling adapters answer
    // an initialize body their schema refuses (e.g. Adapter-ETM-Price-Profile apis/model_api.py)
    String body =
        "{\"code\":422,\"status\":\"Unprocessable Entity\",\"errors\":{\"json\":{"
            + "\"etm_config\":{\"scenario_ID\":[\"Missing data for required field.\"],"
            + "\"_schema\":[\"Invalid input type.\"]},"
            + "\"items\":{\"0\":{\"a/b\":[\"Not a valid string.\",\"Too long.\"]}},"
            + "\"region\":[\"Unknown field.\"]},\"query\":{\"page\":[\"Not a valid integer.\"]}}}";
    assertThat(message(body))
        .isEqualTo(
            "/etm_config/scenario_ID: Missing data for required field.; "
                + "/etm_config: Invalid input type.; "
                + "/items/0/a~1b: Not a valid string. Too long.; "
                + "/region: Unknown field.; "
                + "query:/page: Not a valid integer.");
  }

  @Test
  void theAdaptersReasonAProblemOrAMessageIsTakenAsItIs() {
    assertThat(message("{\"model_run_id\":\"1\",\"state\":\"ERROR\",\"reason\":\"r0 < 0\"}"))
        .isEqualTo("r0 < 0");
    assertThat(message("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"detail\":\"no r0\"}"))
        .isEqualTo("Bad Request: no r0");
    assertThat(message("{\"code\":400,\"status\":\"Bad Request\",\"message\":\"bad JSON\"}"))
        .isEqualTo("bad JSON");
    assertThat(
            message(
                "{\"title\":\"Unprocessable Content\",\"detail\":\"invalid\",\"errors\":["
                    + "{\"pointer\":\"/r0\",\"message\":\"is required\"},"
                    + "{\"field\":\"region\",\"message\":\"unknown\"}]}"))
        .isEqualTo("/r0: is required; region: unknown");
    assertThat(message("{\"unexpected\":[1,2]}")).isEqualTo("{\"unexpected\":[1,2]}");
    assertThat(message("\"just a string\"")).isEqualTo("just a string");
  }

  @Test
  void htmlIsReducedToItsTextAndPlainTextKept() {
    // werkzeug's page for an unhandled exception in a Flask view
    String html =
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
            + "<style>h1 { color: red }</style>\n<h1>Internal Server Error</h1>\n"
            + "<p>The server encountered an internal error &amp; was unable to complete.</p>\n";
    assertThat(message(html))
        .isEqualTo(
            "500 Internal Server Error Internal Server Error The server encountered an internal"
                + " error & was unable to complete.");
    assertThat(message("upstream connect error\r\nor disconnect"))
        .isEqualTo("upstream connect error or disconnect");
    assertThat(message("  ")).isEqualTo("(empty body)");
    assertThat(message("{not json")).isEqualTo("{not json");
  }

  @Test
  void longBodiesAreCutToTheBound() {
    String message = message("x".repeat(10_000));
    assertThat(message).hasSize(ErrorBodies.MAX_MESSAGE).endsWith("…");
    assertThat(message("{\"reason\":\"" + "y".repeat(5_000) + "\"}"))
        .hasSize(ErrorBodies.MAX_MESSAGE);
  }
}
