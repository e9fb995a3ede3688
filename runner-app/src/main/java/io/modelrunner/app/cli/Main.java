package io.modelrunner.app.cli;

import picocli.CommandLine;

/** The {@code model-runner} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new ModelRunnerCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    return commandLine;
  }
}
