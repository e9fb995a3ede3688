package io.modelrunner.engine.slurm.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.engine.slurm.SlurmException;
import io.modelrunner.engine.slurm.SlurmToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * slurmrestd's {@code openapi/v0.0.38} API (Slurm 20.11 to 23.02), hand-written over the JSON: the
 * generated clients need the same fixes. HTTP/1.1 only (slurmrestd drops the h2c upgrade), {@code
 * Accept: application/json} only, numbers read as {@code long} (priorities exceed an int), and no
 * empty lists sent (slurmrestd rejects {@code "nodes": []}). A refused token (401) makes the {@link
 * SlurmToken} read its file again and the request is tried once more. Thread-safe.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SlurmRestV0038 {
  private static final String PREFIX = "/slurm/v0.0.38";
  private static final int INVALID_JOB_ID = 2017;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String user;
  private final SlurmToken token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public SlurmRestV0038(URI base, String user, SlurmToken token) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.user = user;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** A new job submission body: {@code {"script": ..., "job": {...}}}. */
  public ObjectNode newSubmission(String script) {
    ObjectNode body = json.createObjectNode();
    body.put("script", script);
    body.putObject("job");
    return body;
  }

  /** Submits {@code submission}; returns the job id. */
  public long submit(ObjectNode submission) {
    JsonNode answer = send("POST", "/job/submit", submission, "submitting a job");
    JsonNode id = answer.get("job_id");
    if (id == null || !id.canConvertToLong()) {
      throw new SlurmException(
          "slurmrestd at " + base + " accepted a job but gave no job id: " + cut(answer), null);
    }
    return id.asLong();
  }

  /** The job, or empty when Slurm does not know it (never submitted, or purged after it ended). */
  public Optional<SlurmJob> job(long id) {
    JsonNode answer = sendAllowing("GET", "/job/" + id, null, "reading job " + id);
    if (invalidJobId(answer)) {
      return Optional.empty();
    }
    requireNoErrors(answer, "reading job " + id);
    JsonNode jobs = answer.path("jobs");
    for (JsonNode job : jobs) {
      if (job.path("job_id").asLong() == id) {
        return Optional.of(parse(job));
      }
    }
    return Optional.empty();
  }

  /** Every job slurmctld still remembers (for finding a job by name). */
  public java.util.List<SlurmJob> jobs() {
    JsonNode answer = send("GET", "/jobs", null, "listing jobs");
    java.util.List<SlurmJob> result = new java.util.ArrayList<>();
    for (JsonNode job : answer.path("jobs")) {
      result.add(parse(job));
    }
    return result;
  }

  /**
   * Cancels job {@code id} as scancel does (SIGTERM, then SIGKILL after the cluster's KillWait).
   */
  public void cancel(long id) {
    JsonNode answer = sendAllowing("DELETE", "/job/" + id, null, "cancelling job " + id);
    if (!invalidJobId(answer)) {
      requireNoErrors(answer, "cancelling job " + id);
    }
  }

  /** Whether slurmrestd answers and slurmctld is up, with this token. */
  public void ping() {
    JsonNode answer = send("GET", "/ping", null, "pinging slurmctld");
    for (JsonNode ping : answer.path("pings")) {
      if ("UP".equals(ping.path("ping").asText())) {
        return;
      }
    }
    throw new SlurmException(
        "slurmrestd at " + base + " answers, but no slurmctld is UP: " + cut(answer), null);
  }

  private static SlurmJob parse(JsonNode job) {
    return new SlurmJob(
        job.path("job_id").asLong(),
        job.path("name").asText(""),
        job.path("job_state").asText(""),
        job.path("state_reason").asText(""),
        job.path("exit_code").asLong(0),
        job.path("restart_cnt").asLong(0),
        job.path("nodes").asText(""),
        job.path("start_time").asLong(0),
        job.path("end_time").asLong(0),
        job.path("comment").asText(""));
  }

  private JsonNode send(String method, String path, JsonNode body, String what) {
    JsonNode answer = sendAllowing(method, path, body, what);
    requireNoErrors(answer, what);
    return answer;
  }

  /** Sends; returns the JSON answer even when it reports errors (with any HTTP status). */
  private JsonNode sendAllowing(String method, String path, JsonNode body, String what) {
    HttpResponse<String> response = exchange(method, path, body, what);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      token.refused();
      response = exchange(method, path, body, what);
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw new SlurmException(
            "slurmrestd at "
                + base
                + " refused the token of user "
                + user
                + " ("
                + token
                + ") while "
                + what
                + ": HTTP "
                + response.statusCode()
                + "; renew it with scontrol token username="
                + user,
            null);
      }
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new SlurmException(
          "slurmrestd at "
              + base
              + " answered "
              + what
              + " with HTTP "
              + response.statusCode()
              + " and no JSON: "
              + cut(response.body()),
          e);
    }
  }

  private HttpResponse<String> exchange(String method, String path, JsonNode body, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + PREFIX + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("X-SLURM-USER-NAME", user)
            .header("X-SLURM-USER-TOKEN", token.current());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SlurmException(
          "cannot reach slurmrestd at " + base + " while " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlurmException("interrupted while " + what, e);
    }
  }

  private static boolean invalidJobId(JsonNode answer) {
    for (JsonNode error : answer.path("errors")) {
      if (error.path("error_number").asInt() == INVALID_JOB_ID
          || error.path("error_code").asInt() == INVALID_JOB_ID) {
        return true;
      }
    }
    return false;
  }

  private void requireNoErrors(JsonNode answer, String what) {
    JsonNode errors = answer.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode error : errors) {
        if (text.length() > 0) {
          text.append("; ");
        }
        text.append(error.path("error").asText(""));
        String description = error.path("description").asText("");
        if (!description.isEmpty()) {
          text.append(" (").append(description).append(')');
        }
        int number = error.path("error_number").asInt(error.path("error_code").asInt(0));
        if (number != 0) {
          text.append(" [").append(number).append(']');
        }
      }
      throw new SlurmException(
          "Slurm refused " + what + " (slurmrestd at " + base + "): " + text, null);
    }
  }

  private static String cut(Object value) {
    String text = String.valueOf(value);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
