package io.modelrunner.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How strongly an intervention is applied. Written in lower case on the wire. */
public enum Intensity {
  @JsonProperty("mild")
  MILD,
  @JsonProperty("moderate")
  MODERATE,
  @JsonProperty("aggressive")
  AGGRESSIVE
}
