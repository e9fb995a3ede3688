package io.modelrunner.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only dispatches to its subcommands. */
@Command(
    name = "model-runner",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs scientific models behind one uniform contract.",
    subcommands = {ValidateCommand.class, RunCommand.class, ServeCommand.class, CheckCommand.class})
final class ModelRunnerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }
}
