package io.modelrunner.adapter.internal;

import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import java.util.Objects;
import org.apiguardian.api.API;

/** The answer to one lifecycle call: the HTTP status and the JSON body. */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record Outcome(int status, ModelRunInfo info) {

  public Outcome {
    Objects.requireNonNull(info, "info");
  }

  public static Outcome ok(ModelRunInfo info) {
    return new Outcome(200, info);
  }

  public static Outcome ok(String runId, ModelRunState state) {
    return ok(ModelRunInfo.of(runId, state));
  }

  public static Outcome error(int status, String runId, String reason) {
    return new Outcome(status, ModelRunInfo.error(runId, reason));
  }

  public static Outcome unknown(String runId) {
    return error(404, runId, "unknown model_run_id '" + runId + "' (never requested, or removed)");
  }
}
