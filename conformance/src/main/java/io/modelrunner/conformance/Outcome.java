package io.modelrunner.conformance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** What the check found for one clause. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum Outcome {
  /** The subject honours the clause. */
  PASS,
  /** The subject breaks a MUST clause: the check fails. */
  FAIL,
  /** The subject breaks a SHOULD clause: reported, the check still passes. */
  WARN,
  /** The clause could not be judged (say why in the finding's detail). */
  SKIP
}
