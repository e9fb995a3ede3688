package io.modelrunner.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.modelrunner.conformance.connector.ConnectorTarget;
import io.modelrunner.conformance.connector.ConnectorTargetBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A class extending {@link ConnectorConformance} gets one test per clause: they pass for a faithful
 * connector, and the clause a broken one breaks fails, naming the clause and the evidence.
 */
class ConnectorConformanceTest {
  private static final String FAITHFUL =
      """
      [ -f "$MODEL_INPUT_DIR/inputFile.json" ] || { echo "no input" >&2; exit 2; }
      grep -q region "$MODEL_INPUT_DIR/inputFile.json" || { echo "invalid: no region" >&2; exit 3; }
      sleep 1
      echo '{"cases": 1}' > "$MODEL_OUTPUT_DIR/data.json"
      """;

  static ConnectorTarget script(String name, String script) {
    try {
      Path dir = Files.createTempDirectory("connector-conformance-");
      Path file = dir.resolve(name + ".sh");
      Files.writeString(file, script);
      return ConnectorTargetBuilder.command("sh", file.toString())
          .outputSchema("none")
          .inputSchema("none")
          .input("{\"region\": \"US\"}")
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static class Faithful extends ConnectorConformance {
    @Override
    protected ConnectorTarget connector() {
      return script("faithful", FAITHFUL);
    }
  }

  static class AcceptsAnything extends ConnectorConformance {
    @Override
    protected ConnectorTarget connector() {
      return script("accepts-anything", FAITHFUL.replace("grep -q region", "true"));
    }
  }

  private static Events run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(suite))
        .execute()
        .testEvents();
  }

  @Test
  void aFaithfulConnectorPassesEveryClauseItCanBeJudgedOn() {
    Events events = run(Faithful.class);

    events.assertStatistics(s -> s.started(12).succeeded(10).failed(0).aborted(2));
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                displayName(
                    "C-EXIT-2 an invalid input makes it exit non-zero with a"
                        + " message in its log"),
                finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                displayName(
                    "C-SANDBOX-1 works with a read-only root, no network, all capabilities"
                        + " dropped and a non-root user"),
                abortedWithReason(message(m -> m.contains("Docker only")))));
  }

  @Test
  void aConnectorThatAcceptsAnInvalidInputFailsExactlyThatClause() {
    Events events = run(AcceptsAnything.class);

    events.assertStatistics(s -> s.started(12).failed(1).succeeded(9).aborted(2));
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                displayName(
                    "C-EXIT-2 an invalid input makes it exit non-zero with a message in its"
                        + " log"),
                finishedWithFailure(message(m -> m.contains("it exited 0 on an invalid input")))));
  }
}
