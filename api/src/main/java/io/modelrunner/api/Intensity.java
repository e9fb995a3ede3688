package io.modelrunner.api;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apiguardian.api.API;

/** How strongly an intervention is applied. Written in lower case on the wire. */
@API(status = STABLE, since = "0.1.0")
public enum Intensity {
  @JsonProperty("mild")
  MILD,
  @JsonProperty("moderate")
  MODERATE,
  @JsonProperty("aggressive")
  AGGRESSIVE
}
