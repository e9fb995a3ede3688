package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apiguardian.api.API;

/** The status of one model's run, as reported in callbacks. */
@API(status = STABLE, since = "0.1.0")
public enum RunStatus {
  @JsonProperty("pending")
  PENDING,
  @JsonProperty("in-progress")
  IN_PROGRESS,
  @JsonProperty("complete")
  COMPLETE,
  @JsonProperty("failed")
  FAILED;

  /** Whether no further callback follows this one. */
  public boolean isFinal() {
    return this == COMPLETE || this == FAILED;
  }

  /** The wire form: {@code pending}, {@code in-progress}, {@code complete}, {@code failed}. */
  public String wireName() {
    return this == IN_PROGRESS ? "in-progress" : name().toLowerCase(java.util.Locale.ROOT);
  }
}
