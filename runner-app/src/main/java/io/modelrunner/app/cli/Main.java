package io.modelrunner.app.cli;

import io.modelrunner.app.logging.LogFormat;
import io.modelrunner.app.logging.LogLineWriter;
import io.modelrunner.app.logging.LogOutput;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code model-runner} command line. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its code. The log format is {@code
   * $MODEL_RUNNER_LOGGING_FORMAT} ({@code serve} also reads {@code logging.format}); with JSON,
   * what the commands write to stderr is logged as JSON lines too.
   */
  public static void main(String[] args) {
    LogFormat format;
    try {
      format = LogFormat.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("model-runner: " + e.getMessage());
      System.exit(ExitCodes.USAGE);
      return;
    }
    LogOutput.use(format);
    LogOutput.bridgeJavaUtilLogging();
    CommandLine commandLine = newCommandLine();
    commandLine.setErr(
        new PrintWriter(
            new LogLineWriter(commandLine.getErr(), LoggerFactory.getLogger("model-runner")),
            true));
    System.exit(commandLine.execute(args));
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
