package io.modelrunner.conformance.connector;

import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.Clause;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.testkit.docker.TestDocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gallery of connector images built from {@code local/busybox:1}: a faithful one, and one per
 * clause only a container can break. They run {@link BrokenConnectors#FAITHFUL}'s script, changed.
 */
public final class BrokenConnectorImages {
  /** The faithful script as PID 1: a TERM trap, and a wait that the trap can interrupt. */
  public static final String FAITHFUL =
      BrokenConnectors.FAITHFUL.replace(
          "sleep 1", "trap 'echo stopping; exit 143' TERM\nsleep 1 &\nwait $!");

  private static final String ENTRYPOINT = "ENTRYPOINT [\"/bin/sh\", \"/model.sh\"]\n";

  /** One way a container breaks the contract, and the clause it breaks. */
  public enum Breakage {
    NEEDS_ROOT(
        ConnectorClauses.SANDBOX,
        "[ \"$(id -u)\" = 0 ] || { echo \"must run as root\" >&2; exit 1; }\n" + FAITHFUL,
        ENTRYPOINT),
    WRITES_TO_THE_ROOT_FILE_SYSTEM(
        ConnectorClauses.SANDBOX, "echo cached > /state.txt || exit 1\n" + FAITHFUL, ENTRYPOINT),
    NEEDS_THE_NETWORK(
        ConnectorClauses.SANDBOX,
        "grep -q eth0 /proc/net/dev || { echo \"no network\" >&2; exit 1; }\n" + FAITHFUL,
        ENTRYPOINT),
    NEEDS_AN_ARGUMENT(
        ConnectorClauses.NO_ARGUMENTS,
        "[ -n \"$1\" ] || { echo \"usage: model.sh INPUT\" >&2; exit 2; }\n" + FAITHFUL,
        ENTRYPOINT),
    SHELL_AS_PID_1_IGNORES_SIGTERM(
        ConnectorClauses.SIGTERM,
        BrokenConnectors.FAITHFUL.replace("sleep 1", "sleep 9"),
        ENTRYPOINT);

    private final Clause clause;
    private final String script;
    private final String start;

    Breakage(Clause clause, String script, String start) {
      this.clause = clause;
      this.script = script;
      this.start = start;
    }

    public Clause clause() {
      return clause;
    }

    /** Builds (or reuses) the image. */
    public String image(TestDocker docker) {
      return BrokenConnectorImages.image(
          docker, "connector-" + name().toLowerCase().replace('_', '-'), script, start);
    }
  }

  private BrokenConnectorImages() {}

  static String image(TestDocker docker, String name, String script, String start) {
    return docker.image(
        name,
        Map.of(
            "Dockerfile",
            "FROM " + TestDocker.BUSYBOX + "\nCOPY model.sh /model.sh\n" + start,
            "model.sh",
            script));
  }

  /** The faithful image. */
  public static String faithful(TestDocker docker) {
    return image(docker, "connector-faithful", FAITHFUL, ENTRYPOINT);
  }

  /** A check target running {@code image} on the Docker engine, as the process gallery's. */
  public static ConnectorTarget target(Path dir, String image) throws IOException {
    Path schema = dir.resolve("cases.schema.json");
    Files.writeString(
        schema,
        "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\","
            + " \"required\": [\"cases\"]}");
    return new ConnectorTarget(
        ConnectorTarget.Engine.DOCKER,
        new ModelLaunch("gallery", image, List.of(), Map.of()),
        ExecutionLimits.defaults().withDeadline(Duration.ofMinutes(1)),
        ContractSchema.none(),
        ContractSchema.of(schema.toString(), new SchemaValidator().load(schema)),
        "{\"region\": \"US\"}",
        ConnectorTarget.DEFAULT_INVALID_INPUT,
        false,
        BrokenConnectors.GRACE);
  }
}
