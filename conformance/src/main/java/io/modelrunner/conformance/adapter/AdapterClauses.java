package io.modelrunner.conformance.adapter;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Severity;
import java.util.List;
import org.apiguardian.api.API;

/** The clauses of docs/adapter-api.md that {@link AdapterCheck} judges, in report order. */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AdapterClauses {
  private static final String DOC = "docs/adapter-api.md";

  public static final Clause CONTENT_TYPE =
      new Clause(
          "A-CT-1",
          Severity.MUST,
          "every lifecycle answer has Content-Type exactly application/json",
          DOC + "#every-answer");
  public static final Clause FOUR_KEYS =
      new Clause(
          "A-BODY-1",
          Severity.MUST,
          "every successful lifecycle answer is a JSON object with model_run_id, state, reason"
              + " and result (null where empty)",
          DOC + "#every-answer");
  public static final Clause ERROR_BODY =
      new Clause(
          "A-ERR-1",
          Severity.MUST,
          "every error answer has the same JSON shape with state ERROR and a reason",
          DOC + "#errors");
  public static final Clause REQUEST =
      new Clause(
          "A-REQ-1",
          Severity.MUST,
          "request answers 200 ACCEPTED (or PENDING) with a model_run_id",
          DOC + "#endpoints");
  public static final Clause INITIALIZE =
      new Clause(
          "A-INIT-1",
          Severity.MUST,
          "initialize with a valid configuration answers 200 READY",
          DOC + "#endpoints");
  public static final Clause RUN =
      new Clause(
          "A-RUN-1",
          Severity.MUST,
          "run of an initialized run answers 200 RUNNING, QUEUED or SUCCEEDED",
          DOC + "#endpoints");
  public static final Clause STATUS =
      new Clause(
          "A-STATUS-1",
          Severity.MUST,
          "status of a started run reaches SUCCEEDED or ERROR",
          DOC + "#the-state-machine");
  public static final Clause RESULTS =
      new Clause(
          "A-RES-1",
          Severity.MUST,
          "results of a succeeded run answer 200 SUCCEEDED (or READY) with a non-null result",
          DOC + "#the-state-machine");
  public static final Clause RESULTS_SUCCEEDED =
      new Clause(
          "A-RES-2",
          Severity.SHOULD,
          "results answer SUCCEEDED, not READY: the deployed orchestrator waits for SUCCEEDED",
          DOC + "#the-state-machine");
  public static final Clause REMOVE =
      new Clause(
          "A-RM-1",
          Severity.MUST,
          "remove answers 200 UNKNOWN and the id is then unknown (status 404 or UNKNOWN)",
          DOC + "#the-state-machine");
  public static final Clause UNKNOWN_RUN =
      new Clause(
          "A-ERR-404",
          Severity.MUST,
          "status of a run id that was never requested answers 404",
          DOC + "#errors");
  public static final Clause WRONG_STATE =
      new Clause(
          "A-ERR-409",
          Severity.MUST,
          "run before initialize, and results before run, answer 409",
          DOC + "#errors");
  public static final Clause NOT_JSON =
      new Clause(
          "A-ERR-400",
          Severity.MUST,
          "initialize with a body that is not JSON answers 400",
          DOC + "#errors");
  public static final Clause SCHEMA_VIOLATION =
      new Clause(
          "A-ERR-422",
          Severity.MUST,
          "initialize with JSON that breaks the served config-schema answers 422",
          DOC + "#errors");
  public static final Clause ROOT_STATUS =
      new Clause(
          "A-ROOT-1",
          Severity.SHOULD,
          "GET /status at the adapter's root answers 200: the deployed orchestrator probes it",
          DOC + "#endpoints");

  public static final Clause STATE =
      new Clause(
          "A-STATE-1",
          Severity.MUST,
          "every state a run reports follows the allowed transitions of the state machine",
          DOC + "#the-state-machine");
  public static final Clause CAPACITY =
      new Clause(
          "A-CAP-1",
          Severity.MUST,
          "loaded beyond its declared capacity, the extra run waits PENDING (request) or QUEUED"
              + " (run), and proceeds once a slot frees",
          DOC + "#the-state-machine");
  public static final Clause REGISTERED =
      new Clause(
          "A-REG-1",
          Severity.MUST,
          "with a registry, the adapter registers itself: an entry whose uri is the adapter's URL",
          DOC + "#registry-self-registration");
  public static final Clause HEARTBEAT =
      new Clause(
          "A-REG-2",
          Severity.SHOULD,
          "the adapter heartbeats: its entry's last_seen advances within the registry wait",
          DOC + "#registry-self-registration");
  public static final Clause DEREGISTERED =
      new Clause(
          "A-REG-3",
          Severity.SHOULD,
          "the adapter deregisters on shutdown: its entry is gone once it has stopped",
          DOC + "#registry-self-registration");

  /** Every clause, in report order. */
  public static final List<Clause> ALL =
      List.of(
          CONTENT_TYPE,
          FOUR_KEYS,
          ERROR_BODY,
          REQUEST,
          INITIALIZE,
          RUN,
          STATUS,
          RESULTS,
          RESULTS_SUCCEEDED,
          REMOVE,
          UNKNOWN_RUN,
          WRONG_STATE,
          NOT_JSON,
          SCHEMA_VIOLATION,
          ROOT_STATUS,
          STATE,
          CAPACITY,
          REGISTERED,
          HEARTBEAT,
          DEREGISTERED);

  private AdapterClauses() {}
}
