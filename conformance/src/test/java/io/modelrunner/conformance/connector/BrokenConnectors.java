package io.modelrunner.conformance.connector;

import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.conformance.Clause;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ModelLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gallery of connectors for the process engine: a faithful {@code sh} script, and one
 * deliberately broken copy per clause it can break. Each writes {@code {"cases": N}}, checked
 * against a one-line output schema; the valid input is {@code {"region":"US"}}, the invalid {@code
 * {}}.
 */
public final class BrokenConnectors {
  /** Reads, validates, writes; stays up a second so that SIGTERM finds it running. */
  public static final String FAITHFUL =
      """
      IN="${MODEL_INPUT_DIR:-/data/input}"; OUT="${MODEL_OUTPUT_DIR:-/data/output}"
      LOG="${MODEL_LOG_DIR:-/data/log}"
      [ -f "$IN/inputFile.json" ] || { echo "no input file $IN/inputFile.json" >&2; exit 2; }
      grep -q region "$IN/inputFile.json" || { echo "invalid input: no region" >&2; exit 3; }
      sleep 1
      echo '{"cases": 1}' > "$OUT/data.json"
      echo "wrote data.json"
      """;

  /** One way to break the connector contract, and the clause it breaks. */
  public enum Breakage {
    USES_DEFAULTS_WITHOUT_INPUT(
        ConnectorClauses.READS_INPUT,
        FAITHFUL.replace(
            "[ -f \"$IN/inputFile.json\" ] || { echo \"no input file $IN/inputFile.json\" >&2; exit"
                + " 2; }",
            "[ -f \"$IN/inputFile.json\" ] || { echo '{\"cases\": 0}' > \"$OUT/data.json\"; exit"
                + " 0; }")),
    FAILS_ON_VALID_INPUT(ConnectorClauses.EXIT_ZERO, FAITHFUL + "exit 1\n"),
    DATA_BREAKS_SCHEMA(
        ConnectorClauses.DATA_JSON, FAITHFUL.replace("{\"cases\": 1}", "{\"deaths\": 1}")),
    MANIFEST_LISTS_MISSING_FILE(
        ConnectorClauses.MANIFEST,
        FAITHFUL + "echo '{\"files\": [\"data.json\", \"cases.csv\"]}' > \"$OUT/manifest.json\"\n"),
    SYMLINK_IN_OUTPUT(ConnectorClauses.NO_LINKS, FAITHFUL + "ln -s /etc/hostname \"$OUT/host\"\n"),
    NAME_WITH_A_TAB(
        ConnectorClauses.FILE_NAMES, FAITHFUL + "echo x > \"$OUT/$(printf 'a\\tb').txt\"\n"),
    WRITES_INTO_THE_WORKSPACE(ConnectorClauses.WRITES_INSIDE, FAITHFUL + "echo x > stray.txt\n"),
    WRITES_INTO_HOME(ConnectorClauses.WRITES_INSIDE, FAITHFUL + "echo x > \"$HOME/.cache\"\n"),
    ACCEPTS_INVALID_INPUT(
        ConnectorClauses.INVALID_INPUT, FAITHFUL.replace("grep -q region", "true")),
    FAILS_SILENTLY_ON_INVALID_INPUT(
        ConnectorClauses.INVALID_INPUT,
        FAITHFUL.replace("echo \"invalid input: no region\" >&2; exit 3", "exit 3")),
    IGNORES_SIGTERM(
        ConnectorClauses.SIGTERM, "trap '' TERM\n" + FAITHFUL.replace("sleep 1", "sleep 4")),
    DIFFERENT_EACH_TIME(
        ConnectorClauses.DETERMINISTIC,
        FAITHFUL.replace("echo '{\"cases\": 1}'", "echo \"{\\\"cases\\\": $$}\""));

    private final Clause clause;
    private final String script;

    Breakage(Clause clause, String script) {
      this.clause = clause;
      this.script = script;
    }

    public Clause clause() {
      return clause;
    }

    public String script() {
      return script;
    }
  }

  private BrokenConnectors() {}

  /** The grace the gallery's checks give after SIGTERM. */
  static final Duration GRACE = Duration.ofSeconds(2);

  /** A check target running {@code script} with {@code sh}, written under {@code dir}. */
  public static ConnectorTarget target(Path dir, String name, String script, boolean stochastic)
      throws IOException {
    Path file = dir.resolve(name + ".sh");
    Files.writeString(file, script);
    Path schema = dir.resolve("cases.schema.json");
    Files.writeString(
        schema,
        "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\","
            + " \"required\": [\"cases\"]}");
    SchemaValidator validator = new SchemaValidator();
    return new ConnectorTarget(
        ConnectorTarget.Engine.PROCESS,
        new ModelLaunch(name, null, List.of("sh", file.toString()), Map.of()),
        ExecutionLimits.defaults().withDeadline(Duration.ofMinutes(1)),
        ContractSchema.none(),
        ContractSchema.of(schema.toString(), validator.load(schema)),
        "{\"region\": \"US\"}",
        ConnectorTarget.DEFAULT_INVALID_INPUT,
        stochastic,
        GRACE);
  }
}
