package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.conformance.Evidence;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One HTTP call to the adapter and its answer.
 *
 * @param method the HTTP method
 * @param url the URL called
 * @param requestBody what was sent (empty for none)
 * @param status the HTTP status
 * @param contentType the answer's Content-Type header (empty when absent)
 * @param body the answer's body as text
 * @param json the body parsed, when it is a JSON object
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Exchange(
    String method,
    String url,
    String requestBody,
    int status,
    String contentType,
    String body,
    Optional<JsonNode> json) {

  /** The keys every adapter answer carries. */
  public static final List<String> FOUR_KEYS = List.of("model_run_id", "state", "reason", "result");

  /** The {@code model_run_id} the answer names, when it names one. */
  public Optional<String> runId() {
    return json.map(j -> j.path("model_run_id"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  /** The answer's {@code reason}, or empty when it has none. */
  public String reason() {
    return json.map(j -> j.path("reason"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .orElse("");
  }

  /** Which of {@link #FOUR_KEYS} the answer lacks (all of them when it is not a JSON object). */
  public List<String> missingKeys() {
    return json.map(j -> FOUR_KEYS.stream().filter(k -> !j.has(k)).toList()).orElse(FOUR_KEYS);
  }

  /** The state the answer names, or empty when it names none. */
  public String state() {
    return json.map(j -> j.path("state").asText("")).orElse("");
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public Evidence evidence() {
    String sent = method + " " + url + (requestBody.isEmpty() ? "" : " " + requestBody);
    String received = "HTTP " + status + " " + contentType + " " + body;
    return new Evidence(sent, received);
  }
}
