package io.modelrunner.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a {@link UserErrorException} into its one-line message and exit code 2; anything else is a
 * bug and keeps picocli's default (stack trace, exit code 1).
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult)
      throws Exception {
    if (e instanceof UserErrorException userError) {
      commandLine.getErr().println("model-runner: " + userError.getMessage());
      commandLine.getErr().flush();
      return ExitCodes.USAGE;
    }
    throw e;
  }
}
