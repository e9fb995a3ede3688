package io.modelrunner.conformance;

/** How much a clause weighs: a broken MUST fails the check, a broken SHOULD only warns. */
public enum Severity {
  MUST,
  SHOULD
}
