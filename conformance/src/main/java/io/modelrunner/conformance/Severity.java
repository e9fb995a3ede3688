package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** How much a clause weighs: a broken MUST fails the check, a broken SHOULD only warns. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum Severity {
  MUST,
  SHOULD
}
