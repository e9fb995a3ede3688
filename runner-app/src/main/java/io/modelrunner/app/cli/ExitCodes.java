package io.modelrunner.app.cli;

/** The exit codes of every command. */
final class ExitCodes {
  /** Everything succeeded (the document is valid; every model completed). */
  static final int OK = 0;

  /** The command ran and the answer is no (invalid document; a model failed). */
  static final int FAILED = 1;

  /** The command could not run: bad usage, a missing or unreadable file. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
