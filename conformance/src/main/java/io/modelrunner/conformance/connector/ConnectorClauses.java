package io.modelrunner.conformance.connector;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Severity;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The clauses of docs/connector-contract.md that {@link ConnectorCheck} judges, in report order.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ConnectorClauses {
  private static final String DOC = "docs/connector-contract.md";

  public static final Clause READS_INPUT =
      new Clause(
          "C-IN-1",
          Severity.MUST,
          "reads its input from input/inputFile.json (/data/input, or $MODEL_INPUT_DIR): without"
              + " that file it does not succeed",
          DOC + "#input");
  public static final Clause NO_ARGUMENTS =
      new Clause(
          "C-ARGS-1",
          Severity.MUST,
          "needs no arguments: the image's ENTRYPOINT/CMD starts the model",
          DOC + "#input");
  public static final Clause EXIT_ZERO =
      new Clause("C-EXIT-1", Severity.MUST, "exits 0 on a valid input", DOC + "#exit-code");
  public static final Clause DATA_JSON =
      new Clause(
          "C-OUT-1",
          Severity.MUST,
          "writes output/data.json, a regular file of JSON valid against its output schema",
          DOC + "#output");
  public static final Clause MANIFEST =
      new Clause(
          "C-OUT-2",
          Severity.MUST,
          "a manifest, if present, is valid and lists only files that exist inside output/",
          DOC + "#the-manifest-optional");
  public static final Clause NO_LINKS =
      new Clause(
          "C-OUT-3",
          Severity.MUST,
          "output/ holds no symbolic link and no special file",
          DOC + "#symbolic-links-and-special-files");
  public static final Clause FILE_NAMES =
      new Clause(
          "C-OUT-4",
          Severity.SHOULD,
          "the names of the files in output/ and log/ follow the file name rules",
          DOC + "#file-names");
  public static final Clause WRITES_INSIDE =
      new Clause(
          "C-FS-1",
          Severity.MUST,
          "writes nothing outside output/ and log/ (and /tmp in a container)",
          DOC + "#limits-and-sandbox");
  public static final Clause SANDBOX =
      new Clause(
          "C-SANDBOX-1",
          Severity.MUST,
          "works with a read-only root, no network, all capabilities dropped and a non-root user",
          DOC + "#limits-and-sandbox");
  public static final Clause INVALID_INPUT =
      new Clause(
          "C-EXIT-2",
          Severity.MUST,
          "an invalid input makes it exit non-zero with a message in its log",
          DOC + "#exit-code");
  public static final Clause SIGTERM =
      new Clause(
          "C-TERM-1",
          Severity.MUST,
          "stops within the grace period on SIGTERM",
          DOC + "#limits-and-sandbox");
  public static final Clause DETERMINISTIC =
      new Clause(
          "C-DET-1",
          Severity.MUST,
          "the same input gives the same output (a warning for a model declared stochastic)",
          DOC + "#output");

  /** Every clause, in report order. */
  public static final List<Clause> ALL =
      List.of(
          READS_INPUT,
          NO_ARGUMENTS,
          EXIT_ZERO,
          DATA_JSON,
          MANIFEST,
          NO_LINKS,
          FILE_NAMES,
          WRITES_INSIDE,
          SANDBOX,
          INVALID_INPUT,
          SIGTERM,
          DETERMINISTIC);

  private ConnectorClauses() {}
}
