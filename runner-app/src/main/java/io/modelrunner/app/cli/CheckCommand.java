package io.modelrunner.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code model-runner check …}: judges a model's connector or adapter against its contract, clause
 * by clause.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Checks that a model honours its contract, clause by clause (docs/connector-contract.md,"
          + " docs/adapter-api.md).",
      "Exit 0 when every MUST clause passes; 1 when one fails; 2 on usage errors."
    },
    subcommands = {CheckAdapterCommand.class, CheckConnectorCommand.class})
final class CheckCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }
}
