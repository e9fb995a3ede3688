package io.modelrunner.conformance.adapter;

import static io.modelrunner.conformance.adapter.AdapterClauses.CAPACITY;
import static io.modelrunner.conformance.adapter.AdapterClauses.DEREGISTERED;
import static io.modelrunner.conformance.adapter.AdapterClauses.HEARTBEAT;
import static io.modelrunner.conformance.adapter.AdapterClauses.INITIALIZE;
import static io.modelrunner.conformance.adapter.AdapterClauses.NOT_JSON;
import static io.modelrunner.conformance.adapter.AdapterClauses.REGISTERED;
import static io.modelrunner.conformance.adapter.AdapterClauses.REMOVE;
import static io.modelrunner.conformance.adapter.AdapterClauses.REQUEST;
import static io.modelrunner.conformance.adapter.AdapterClauses.RESULTS;
import static io.modelrunner.conformance.adapter.AdapterClauses.RESULTS_SUCCEEDED;
import static io.modelrunner.conformance.adapter.AdapterClauses.ROOT_STATUS;
import static io.modelrunner.conformance.adapter.AdapterClauses.RUN;
import static io.modelrunner.conformance.adapter.AdapterClauses.SCHEMA_VIOLATION;
import static io.modelrunner.conformance.adapter.AdapterClauses.STATE;
import static io.modelrunner.conformance.adapter.AdapterClauses.STATUS;
import static io.modelrunner.conformance.adapter.AdapterClauses.UNKNOWN_RUN;
import static io.modelrunner.conformance.adapter.AdapterClauses.WRONG_STATE;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Drives an adapter through the lifecycle of docs/adapter-api.md and judges each clause of {@link
 * AdapterClauses}. Two runs are requested: one is misused (run before initialize, a body that is
 * not JSON, one that breaks the served config schema) and removed, the other goes through
 * initialize, run, status, results and remove. With a declared capacity N, N+1 more are requested
 * to load it beyond it ({@link CapacityProbe}); the states every run answered are judged at the end
 * ({@link StateTransitions}). With a registry, the adapter's entry is watched throughout ({@link
 * RegistryProbe}).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class AdapterCheck {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;

  public AdapterCheck(HttpClient client) {
    this.client = client;
  }

  /**
   * Checks the adapter's lifecycle; the capacity and registry clauses are skipped.
   *
   * @throws AdapterUnreachableException when a call gets no HTTP answer at all
   */
  public CheckReport check(AdapterTarget target) {
    return check(target, AdapterCheckOptions.defaults());
  }

  /**
   * Checks the adapter, with the capacity, registry and profile of {@code options}. The stopper, if
   * any, is called last.
   *
   * @throws AdapterUnreachableException when a call gets no HTTP answer at all
   * @throws RegistryUnreachableException when the registry cannot be called
   */
  public CheckReport check(AdapterTarget target, AdapterCheckOptions options) {
    AdapterHttp http = new AdapterHttp(client, target, CALL_TIMEOUT);
    Map<Clause, Finding> findings = new HashMap<>();
    Optional<RegistryProbe> registry =
        options
            .registry()
            .map(url -> new RegistryProbe(client, url, target.root(), options.registryWait()));
    Instant started = Instant.now();
    Optional<RegistryProbe.Entry> early = registry.flatMap(RegistryProbe::lookUp);
    findings.put(ROOT_STATUS, rootStatus(http));
    findings.put(UNKNOWN_RUN, unknownRun(http));
    misuseFreshRun(http, findings);
    happyPath(http, target, findings);
    // an adapter registers in the background: one not there at the start had the lifecycle's time
    Optional<RegistryProbe.Entry> entry =
        early.isPresent() ? early : registry.flatMap(r -> r.awaitEntry(started));
    findings.put(CAPACITY, capacity(http, options, entry));
    findings.put(AdapterClauses.CONTENT_TYPE, AnswerShapes.contentType(http.lifecycle()));
    findings.put(AdapterClauses.FOUR_KEYS, AnswerShapes.fourKeys(http.lifecycle()));
    findings.put(AdapterClauses.ERROR_BODY, AnswerShapes.errorBodies(http.lifecycle()));
    findings.put(STATE, StateTransitions.judge(http.calls()));
    if (registry.isPresent()) {
      findings.put(REGISTERED, registry.get().registered(entry));
      findings.put(HEARTBEAT, registry.get().heartbeat(entry));
      findings.put(DEREGISTERED, registry.get().deregistered(entry, options.stopper()));
    } else {
      String why = "no registry given (--registry URL)";
      skipAll(findings, List.of(REGISTERED, HEARTBEAT, DEREGISTERED), why);
    }
    return new CheckReport(
        target.subject(),
        AdapterClauses.ALL.stream()
            .map(findings::get)
            .map(f -> downgraded(f, options.profile()))
            .toList());
  }

  /** A failure of a clause the profile downgrades, as a warning that says so. */
  private static Finding downgraded(Finding finding, AdapterProfile profile) {
    if (finding.outcome() != Outcome.FAIL
        || !profile.downgraded().contains(finding.clause().id())) {
      return finding;
    }
    return new Finding(
        finding.clause(),
        Outcome.WARN,
        finding.detail()
            + " (a warning in profile "
            + profile.name().toLowerCase(Locale.ROOT)
            + ")",
        finding.evidence());
  }

  private static Finding capacity(
      AdapterHttp http, AdapterCheckOptions options, Optional<RegistryProbe.Entry> entry) {
    OptionalInt declared = options.capacity();
    if (declared.isEmpty() && entry.isPresent()) {
      declared = entry.get().maxWorkers();
    }
    if (declared.isEmpty() || declared.getAsInt() < 1) {
      return Finding.skip(
          CAPACITY,
          options.registry().isPresent()
              ? "no capacity declared: the adapter's registry entry has no max_workers (give"
                  + " --capacity N)"
              : "no capacity declared (give --capacity N, or --registry URL to read max_workers)");
    }
    return new CapacityProbe(http, declared.getAsInt()).judge();
  }

  private static Finding rootStatus(AdapterHttp http) {
    Exchange root = http.getAtRoot("/status");
    return root.status() == 200
        ? Finding.pass(ROOT_STATUS, root.evidence())
        : Finding.broken(
            ROOT_STATUS,
            "GET /status answered HTTP " + root.status() + ", not 200",
            root.evidence());
  }

  private static Finding unknownRun(AdapterHttp http) {
    Exchange unknown = http.get("status/model-runner-check-" + UUID.randomUUID());
    return unknown.status() == 404
        ? Finding.pass(UNKNOWN_RUN, unknown.evidence())
        : Finding.broken(
            UNKNOWN_RUN,
            "an id never requested answered HTTP " + unknown.status() + ", not 404",
            unknown.evidence());
  }

  private static void misuseFreshRun(AdapterHttp http, Map<Clause, Finding> findings) {
    Exchange request = http.get("request");
    Optional<String> id = request.runId();
    if (id.isEmpty()) {
      String why = "request gave no model_run_id to misuse";
      findings.put(WRONG_STATE, Finding.skip(WRONG_STATE, why));
      findings.put(NOT_JSON, Finding.skip(NOT_JSON, why));
      findings.put(SCHEMA_VIOLATION, Finding.skip(SCHEMA_VIOLATION, why));
      return;
    }
    findings.put(WRONG_STATE, wrongState(http, id.get()));
    Exchange notJson = http.post("initialize/" + id.get(), "this is not JSON {");
    findings.put(
        NOT_JSON,
        notJson.status() == 400
            ? Finding.pass(NOT_JSON, notJson.evidence())
            : Finding.broken(
                NOT_JSON,
                "a body that is not JSON answered HTTP " + notJson.status() + ", not 400",
                notJson.evidence()));
    findings.put(SCHEMA_VIOLATION, schemaViolation(http, id.get()));
    http.get("remove/" + id.get());
  }

  /** On a fresh run: run before initialize, then results before run. */
  private static Finding wrongState(AdapterHttp http, String runId) {
    Exchange run = http.get("run/" + runId);
    if (run.status() != 409) {
      return Finding.broken(
          WRONG_STATE,
          "run before initialize answered HTTP " + run.status() + " " + run.state() + ", not 409",
          run.evidence());
    }
    Exchange results = http.get("results/" + runId);
    if (results.status() != 409) {
      return Finding.broken(
          WRONG_STATE,
          "results before run answered HTTP "
              + results.status()
              + " "
              + results.state()
              + ", not 409",
          results.evidence());
    }
    return Finding.pass(WRONG_STATE, results.evidence());
  }

  /** When the adapter serves a config schema that requires an object, a JSON array breaks it. */
  private static Finding schemaViolation(AdapterHttp http, String runId) {
    Exchange schema = http.getBesideLifecycle("config-schema");
    if (schema.status() != 200 || schema.json().isEmpty()) {
      return Finding.skip(
          SCHEMA_VIOLATION,
          "the adapter serves no config-schema (GET config-schema answered HTTP "
              + schema.status()
              + ")");
    }
    if (!"object".equals(schema.json().get().path("type").asText())) {
      return Finding.skip(
          SCHEMA_VIOLATION,
          "its config-schema does not say type object, so no body surely breaks it");
    }
    Exchange array = http.post("initialize/" + runId, "[]");
    return array.status() == 422
        ? Finding.pass(SCHEMA_VIOLATION, array.evidence())
        : Finding.broken(
            SCHEMA_VIOLATION,
            "a JSON array, where the config-schema requires an object, answered HTTP "
                + array.status()
                + " "
                + array.state()
                + ", not 422",
            array.evidence());
  }

  private static void happyPath(
      AdapterHttp http, AdapterTarget target, Map<Clause, Finding> findings) {
    List<Clause> downstream = List.of(INITIALIZE, RUN, STATUS, RESULTS, RESULTS_SUCCEEDED);
    Exchange request = http.get("request");
    Optional<String> id = request.runId();
    boolean requested =
        request.status() == 200
            && id.isPresent()
            && Set.of("ACCEPTED", "PENDING").contains(request.state());
    if (!requested) {
      findings.put(
          REQUEST,
          Finding.broken(
              REQUEST,
              "request answered HTTP "
                  + request.status()
                  + " "
                  + request.state()
                  + (id.isEmpty() ? " without a model_run_id" : "")
                  + (request.status() == 404
                      ? " (is --base-path " + target.basePath() + " right?)"
                      : ""),
              request.evidence()));
      skipAll(findings, downstream, "request did not create a run");
      findings.put(REMOVE, Finding.skip(REMOVE, "request did not create a run"));
      id.ifPresent(leftOver -> http.get("remove/" + leftOver));
      return;
    }
    findings.put(REQUEST, Finding.pass(REQUEST, request.evidence()));
    String runId = id.get();
    if ("PENDING".equals(request.state())) {
      // at capacity with someone else's runs: wait for a slot, as an orchestrator would
      pollUntil(
          () -> http.get("status/" + runId),
          e -> e.status() != 200 || !"PENDING".equals(e.state()),
          target.timeout());
    }
    if (configuredRun(http, target, runId, findings)) {
      finishRun(http, target, runId, findings);
    }
    findings.put(REMOVE, remove(http, runId));
  }

  /** Initializes and starts the run; false (with findings for the rest) when it cannot go on. */
  private static boolean configuredRun(
      AdapterHttp http, AdapterTarget target, String runId, Map<Clause, Finding> findings) {
    List<Clause> afterInit = List.of(RUN, STATUS, RESULTS, RESULTS_SUCCEEDED);
    String body = target.configuration().orElse("{}");
    Exchange init = http.post("initialize/" + runId, body);
    if (init.status() != 200 || !"READY".equals(init.state())) {
      boolean refused = init.status() / 100 == 4 || "ERROR".equals(init.state());
      if (refused && target.configuration().isEmpty()) {
        String why =
            "the adapter refused the configuration {} (HTTP "
                + init.status()
                + ": "
                + init.reason()
                + "): give one it accepts with --config FILE to judge this clause";
        skipAll(findings, List.of(INITIALIZE), why);
        skipAll(findings, afterInit, "needs a configured run (see " + INITIALIZE.id() + ")");
        return false;
      }
      findings.put(
          INITIALIZE,
          Finding.broken(
              INITIALIZE,
              "initialize answered HTTP " + init.status() + " " + init.state() + ", not 200 READY",
              init.evidence()));
      skipAll(findings, afterInit, "initialize did not answer READY");
      return false;
    }
    findings.put(INITIALIZE, Finding.pass(INITIALIZE, init.evidence()));
    Exchange run = http.get("run/" + runId);
    if (run.status() != 200 || !Set.of("RUNNING", "QUEUED", "SUCCEEDED").contains(run.state())) {
      findings.put(
          RUN,
          Finding.broken(
              RUN,
              "run answered HTTP " + run.status() + " " + run.state() + ", not 200 RUNNING",
              run.evidence()));
      skipAll(findings, List.of(STATUS, RESULTS, RESULTS_SUCCEEDED), "run did not start");
      return false;
    }
    findings.put(RUN, Finding.pass(RUN, run.evidence()));
    return true;
  }

  private static void finishRun(
      AdapterHttp http, AdapterTarget target, String runId, Map<Clause, Finding> findings) {
    Exchange status =
        pollUntil(
            () -> http.get("status/" + runId),
            e -> e.status() != 200 || Set.of("SUCCEEDED", "ERROR").contains(e.state()),
            target.timeout());
    if (status.status() != 200 || !Set.of("SUCCEEDED", "ERROR").contains(status.state())) {
      findings.put(
          STATUS,
          Finding.broken(
              STATUS,
              "status answered HTTP "
                  + status.status()
                  + " "
                  + status.state()
                  + " after "
                  + target.timeout(),
              status.evidence()));
      skipAll(findings, List.of(RESULTS, RESULTS_SUCCEEDED), "the run did not finish");
      return;
    }
    findings.put(STATUS, Finding.pass(STATUS, status.evidence()));
    if ("ERROR".equals(status.state())) {
      skipAll(
          findings,
          List.of(RESULTS, RESULTS_SUCCEEDED),
          "the model ended in ERROR with this configuration ("
              + status.reason()
              + "): give one it runs with --config FILE to judge this clause");
      return;
    }
    Exchange results =
        pollUntil(
            () -> http.get("results/" + runId),
            e -> e.status() != 200 || !Set.of("QUEUED", "RUNNING").contains(e.state()),
            target.timeout());
    boolean hasResult =
        results.json().map(j -> !j.path("result").isNull()).orElse(false)
            && results.json().get().has("result");
    if (results.status() != 200
        || !Set.of("SUCCEEDED", "READY").contains(results.state())
        || !hasResult) {
      findings.put(
          RESULTS,
          Finding.broken(
              RESULTS,
              "results of a SUCCEEDED run answered HTTP "
                  + results.status()
                  + " "
                  + results.state()
                  + (hasResult ? "" : " without a result"),
              results.evidence()));
      findings.put(RESULTS_SUCCEEDED, Finding.skip(RESULTS_SUCCEEDED, "results gave no result"));
      return;
    }
    findings.put(RESULTS, Finding.pass(RESULTS, results.evidence()));
    findings.put(
        RESULTS_SUCCEEDED,
        "SUCCEEDED".equals(results.state())
            ? Finding.pass(RESULTS_SUCCEEDED, results.evidence())
            : Finding.broken(
                RESULTS_SUCCEEDED,
                "results answered READY: the deployed orchestrator polls until SUCCEEDED and"
                    + " hangs (RESULTS_STATE=SUCCEEDED in SDK adapters)",
                results.evidence()));
  }

  private static Finding remove(AdapterHttp http, String runId) {
    Exchange remove = http.get("remove/" + runId);
    if (remove.status() != 200 || !"UNKNOWN".equals(remove.state())) {
      return Finding.broken(
          REMOVE,
          "remove answered HTTP " + remove.status() + " " + remove.state() + ", not 200 UNKNOWN",
          remove.evidence());
    }
    Exchange after = http.get("status/" + runId);
    boolean forgotten =
        after.status() == 404 || (after.status() == 200 && "UNKNOWN".equals(after.state()));
    return forgotten
        ? Finding.pass(REMOVE, after.evidence())
        : Finding.broken(
            REMOVE,
            "after remove, status still answered HTTP " + after.status() + " " + after.state(),
            after.evidence());
  }

  private static void skipAll(Map<Clause, Finding> findings, List<Clause> clauses, String why) {
    clauses.forEach(c -> findings.put(c, Finding.skip(c, why)));
  }

  private static Exchange pollUntil(
      Supplier<Exchange> call, Predicate<Exchange> done, Duration timeout) {
    return Polling.until(call, done, Instant.now().plus(timeout));
  }
}
