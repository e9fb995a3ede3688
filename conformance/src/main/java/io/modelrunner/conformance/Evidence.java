package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What was sent and what came back, each cut to {@link #MAX_CHARS} characters.
 *
 * @param sent the request, e.g. {@code POST http://host/model/initialize/1 {}}
 * @param received the answer, e.g. {@code HTTP 200 application/json {"state":"READY",…}}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Evidence(String sent, String received) {
  /** The longest excerpt kept of either side. */
  public static final int MAX_CHARS = 500;

  /** No exchange backs the finding. */
  public static final Evidence NONE = new Evidence("", "");

  public Evidence {
    sent = excerpt(Objects.requireNonNull(sent, "sent"));
    received = excerpt(Objects.requireNonNull(received, "received"));
  }

  /** Whether there is anything to show. */
  public boolean isEmpty() {
    return sent.isEmpty() && received.isEmpty();
  }

  static String excerpt(String text) {
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "… (cut)";
  }
}
