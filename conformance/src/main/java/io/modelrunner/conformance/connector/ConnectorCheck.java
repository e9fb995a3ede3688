package io.modelrunner.conformance.connector;

import static io.modelrunner.conformance.connector.ConnectorClauses.DATA_JSON;
import static io.modelrunner.conformance.connector.ConnectorClauses.DETERMINISTIC;
import static io.modelrunner.conformance.connector.ConnectorClauses.EXIT_ZERO;
import static io.modelrunner.conformance.connector.ConnectorClauses.FILE_NAMES;
import static io.modelrunner.conformance.connector.ConnectorClauses.INVALID_INPUT;
import static io.modelrunner.conformance.connector.ConnectorClauses.MANIFEST;
import static io.modelrunner.conformance.connector.ConnectorClauses.NO_ARGUMENTS;
import static io.modelrunner.conformance.connector.ConnectorClauses.NO_LINKS;
import static io.modelrunner.conformance.connector.ConnectorClauses.READS_INPUT;
import static io.modelrunner.conformance.connector.ConnectorClauses.SANDBOX;
import static io.modelrunner.conformance.connector.ConnectorClauses.SIGTERM;
import static io.modelrunner.conformance.connector.ConnectorClauses.WRITES_INSIDE;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.conformance.CheckReport;
import io.modelrunner.conformance.Clause;
import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import io.modelrunner.conformance.Outcome;
import io.modelrunner.conformance.connector.ConnectorRuns.Terminated;
import io.modelrunner.conformance.connector.DockerSide.ImageFacts;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.FailureReason;
import io.modelrunner.core.pipeline.OutputJudge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Runs a connector for real through runner-core's engine, several times, and judges each clause of
 * {@link ConnectorClauses}: a run with the valid input (in the sandbox, on Docker: read-only root,
 * no network, a non-root user; again outside it when it fails there), then at once a rerun of it, a
 * run without {@code inputFile.json}, one with the invalid input and one that gets SIGTERM. Output
 * is judged exactly as a run collects it ({@link OutputJudge}). Each run has a workspace of its own
 * under the scratch folder, removed afterwards.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class ConnectorCheck {
  /** The non-root user the sandboxed run gets when the image would run as root. */
  static final String NON_ROOT_USER = "65534:65534";

  private static final String MANIFEST_PREFIX = "output/manifest.json";
  private static final Pattern ASKS_FOR_ARGUMENTS =
      Pattern.compile("(?i)\\busage\\b|missing (operand|argument)|requires? (an )?argument");

  private final Map<String, String> environment;
  private final Path scratch;
  private final SchemaValidator validator;

  /**
   * @param environment the host environment ({@code System.getenv()}): {@code DOCKER_HOST}, and
   *     what the process engine passes through
   * @param scratch where the runs' workspaces are made (a folder of its own per check, removed
   *     afterwards)
   * @param validator loads the built-in output schema the runner's collect step is made with
   */
  public ConnectorCheck(Map<String, String> environment, Path scratch, SchemaValidator validator) {
    this.environment = Map.copyOf(environment);
    this.scratch = Objects.requireNonNull(scratch, "scratch");
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /**
   * Checks the connector.
   *
   * @throws ConnectorCheckException when it cannot be judged at all: the engine is unreachable, the
   *     image or command is missing, or the valid input breaks the model's input schema
   */
  public CheckReport check(ConnectorTarget target) throws InterruptedException {
    boolean invalidIsValid = checkInputs(target);
    Path dir;
    try {
      Files.createDirectories(scratch);
      dir = Files.createTempDirectory(scratch, "connector-check-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch folder under " + scratch, e);
    }
    try (ConnectorRuns runs = new ConnectorRuns(target, dir, environment)) {
      return check(target, runs, invalidIsValid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Scratch.delete(dir);
    }
  }

  private CheckReport check(ConnectorTarget target, ConnectorRuns runs, boolean invalidIsValid)
      throws InterruptedException, IOException {
    ModelIdentity id = runs.prepare();
    Optional<ImageFacts> image =
        runs.docker().flatMap(d -> d.inspect(Objects.requireNonNull(target.launch().image())));
    boolean docker = runs.docker().isPresent();
    OutputJudge judge = new OutputJudge(validator);
    Map<Clause, Finding> findings = new HashMap<>();

    ExecutionLimits limits = docker ? sandboxed(target.limits(), image) : target.limits();
    String valid = target.validInput();
    RunRecord judged = runs.run("valid input", Optional.of(valid), limits, id);
    OutputJudge.Verdict verdict =
        judge.judge(judged.workspace(), target.outputSchema().optionalSchema());
    if (!docker) {
      findings.put(
          SANDBOX, Finding.skip(SANDBOX, "Docker only: the process engine is not a sandbox"));
    } else if (judged.succeeded() && verdict.failure().isEmpty()) {
      findings.put(
          SANDBOX,
          Finding.pass(
              SANDBOX, new Evidence(judged.sent() + " " + sandbox(limits), judged.received())));
    } else {
      ExecutionLimits relaxed = relaxed(target.limits());
      RunRecord outside =
          runs.run("valid input outside the sandbox", Optional.of(valid), relaxed, id);
      OutputJudge.Verdict outsideVerdict =
          judge.judge(outside.workspace(), target.outputSchema().optionalSchema());
      if (outside.succeeded() && outsideVerdict.failure().isEmpty()) {
        findings.put(
            SANDBOX,
            Finding.broken(
                SANDBOX,
                "it fails in the sandbox ("
                    + sandbox(limits)
                    + ") but succeeds with a writable root, a network and the image's own user",
                new Evidence(judged.sent() + " " + sandbox(limits), judged.received())));
        judged = outside;
        verdict = outsideVerdict;
        limits = relaxed;
      } else {
        findings.put(
            SANDBOX,
            Finding.skip(
                SANDBOX,
                "it fails outside the sandbox too: see "
                    + EXIT_ZERO.id()
                    + " and "
                    + DATA_JSON.id()));
      }
    }

    ExecutorService pool = Executors.newFixedThreadPool(4, ConnectorCheck::daemon);
    try {
      ExecutionLimits runLimits = limits;
      Optional<Future<RunRecord>> rerun =
          judged.succeeded()
              ? Optional.of(
                  pool.submit(
                      () ->
                          runs.run("rerun of the valid input", Optional.of(valid), runLimits, id)))
              : Optional.empty();
      Future<RunRecord> missing =
          pool.submit(() -> runs.run("no input file", Optional.empty(), runLimits, id));
      Future<RunRecord> invalid =
          pool.submit(
              () -> runs.run("invalid input", Optional.of(target.invalidInput()), runLimits, id));
      Future<Terminated> term =
          pool.submit(() -> runs.runAndTerminate("sigterm", valid, runLimits, id));

      findings.put(READS_INPUT, readsInput(get(missing)));
      Finding args = noArguments(judged, image, docker);
      findings.put(NO_ARGUMENTS, args);
      findings.put(EXIT_ZERO, exitZero(judged, args));
      judgeOutput(
          judged, verdict, docker && findings.get(SANDBOX).outcome() == Outcome.PASS, findings);
      findings.put(INVALID_INPUT, invalidInput(get(invalid), invalidIsValid));
      findings.put(SIGTERM, sigterm(get(term), target));
      findings.put(
          DETERMINISTIC,
          rerun.isPresent()
              ? deterministic(judged, get(rerun.get()), target.stochastic())
              : Finding.skip(
                  DETERMINISTIC, "it did not exit 0 on the valid input: see " + EXIT_ZERO.id()));
    } finally {
      pool.shutdownNow();
    }
    return new CheckReport(
        target.subject(), ConnectorClauses.ALL.stream().map(findings::get).toList());
  }

  /** Whether the invalid input is in fact valid; throws when the valid one is not. */
  private boolean checkInputs(ConnectorTarget target) {
    JsonNode valid = parse("the valid input", target.validInput());
    JsonNode invalid = parse("the invalid input", target.invalidInput());
    if (target.inputSchema().isNone()) {
      return false;
    }
    List<ValidationError> errors = target.inputSchema().schema().validate(valid);
    if (!errors.isEmpty()) {
      throw new ConnectorCheckException(
          "the valid input does not match the model's input schema "
              + target.inputSchema().source()
              + ": "
              + errors.get(0)
              + " (give a valid one with --input)",
          null);
    }
    return target.inputSchema().schema().validate(invalid).isEmpty();
  }

  private static JsonNode parse(String what, String text) {
    try {
      JsonNode node = JsonMappers.standard().readTree(text);
      if (node == null || !node.isObject()) {
        throw new ConnectorCheckException(
            what + " must be a JSON object: a run's configuration is one", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConnectorCheckException(what + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Finding readsInput(RunRecord missing) {
    Evidence evidence = new Evidence(missing.sent(), missing.received());
    return missing.succeeded()
        ? Finding.broken(
            READS_INPUT,
            "it exited 0 without input/inputFile.json: it does not read its input from there",
            evidence)
        : Finding.pass(READS_INPUT, evidence);
  }

  private static Finding noArguments(RunRecord judged, Optional<ImageFacts> image, boolean docker) {
    if (!docker) {
      return Finding.skip(
          NO_ARGUMENTS,
          "Docker only: the process engine runs the catalog's whole command line, arguments"
              + " included");
    }
    String described = image.map(ImageFacts::describe).orElse("(image not inspected)");
    if (image.isPresent() && !image.get().startsSomething()) {
      return Finding.broken(
          NO_ARGUMENTS,
          "the image has neither ENTRYPOINT nor CMD: without arguments it starts nothing",
          new Evidence(judged.sent(), described));
    }
    if (!judged.succeeded() && ASKS_FOR_ARGUMENTS.matcher(judged.logTail()).find()) {
      return Finding.broken(
          NO_ARGUMENTS,
          "started without arguments it failed, and its log asks for arguments",
          new Evidence(judged.sent() + "; " + described, judged.received()));
    }
    return Finding.pass(NO_ARGUMENTS, new Evidence(judged.sent(), described));
  }

  private static Finding exitZero(RunRecord judged, Finding args) {
    Evidence evidence = new Evidence(judged.sent(), judged.received());
    if (args.outcome() == Outcome.FAIL) {
      return Finding.skip(EXIT_ZERO, "it needs arguments: see " + NO_ARGUMENTS.id());
    }
    if (judged.succeeded()) {
      return Finding.pass(EXIT_ZERO, evidence);
    }
    ExecutionOutcome outcome = judged.outcome();
    String why =
        switch (outcome.kind()) {
          case MODEL_ERROR -> "it exited " + outcome.exitCode() + " on the valid input";
          case TIMED_OUT -> "it did not finish within its deadline: " + outcome.detail();
          case OUT_OF_MEMORY -> "it exceeded its memory limit";
          default -> "it did not succeed: " + outcome.kind() + " " + outcome.detail();
        };
    return Finding.broken(EXIT_ZERO, why, evidence);
  }

  private void judgeOutput(
      RunRecord judged,
      OutputJudge.Verdict verdict,
      boolean readOnlyRoot,
      Map<Clause, Finding> findings)
      throws IOException {
    if (!judged.succeeded()) {
      String why = "it did not exit 0 on the valid input: see " + EXIT_ZERO.id();
      for (Clause clause : List.of(DATA_JSON, MANIFEST, NO_LINKS, FILE_NAMES, WRITES_INSIDE)) {
        findings.put(clause, Finding.skip(clause, why));
      }
      return;
    }
    Path output = judged.workspace().output();
    Optional<FailureReason> failure = verdict.failure();
    boolean manifestBroken =
        failure.map(f -> f.message().startsWith(MANIFEST_PREFIX)).orElse(false);
    Evidence collected =
        new Evidence(judged.sent(), "collected " + verdict.files() + skipped(verdict.skipped()));
    if (manifestBroken) {
      findings.put(
          DATA_JSON, Finding.skip(DATA_JSON, "the manifest is invalid: see " + MANIFEST.id()));
      findings.put(
          MANIFEST,
          Finding.broken(MANIFEST, failure.get().message(), failed(judged, failure.get())));
    } else {
      findings.put(
          DATA_JSON,
          failure.isPresent()
              ? Finding.broken(DATA_JSON, failure.get().message(), failed(judged, failure.get()))
              : Finding.pass(DATA_JSON, collected));
      findings.put(
          MANIFEST,
          Files.exists(output.resolve("manifest.json"))
              ? Finding.pass(MANIFEST, collected)
              : Finding.pass(MANIFEST, new Evidence(judged.sent(), "no output/manifest.json")));
    }
    List<String> links = OutputFacts.linksAndSpecialFiles(output);
    findings.put(
        NO_LINKS,
        noneOf(
            NO_LINKS,
            links,
            "symbolic link(s) or special file(s) in output/, which a run skips",
            judged,
            collected));
    List<String> names = new ArrayList<>(OutputFacts.badNames(output, "output/"));
    names.addAll(OutputFacts.badNames(judged.workspace().log(), "log/"));
    findings.put(
        FILE_NAMES, noneOf(FILE_NAMES, names, "file name(s) a run skips", judged, collected));
    findings.put(WRITES_INSIDE, writesInside(judged, readOnlyRoot));
  }

  /** Passes when {@code problems} is empty; else broken, counting them and listing them all. */
  private static Finding noneOf(
      Clause clause, List<String> problems, String what, RunRecord judged, Evidence collected) {
    return problems.isEmpty()
        ? Finding.pass(clause, collected)
        : Finding.broken(
            clause,
            problems.size() + " " + what,
            new Evidence(judged.sent(), String.join("; ", problems)));
  }

  private static String skipped(List<String> skipped) {
    return skipped.isEmpty() ? "" : "; skipped " + skipped;
  }

  private static Evidence failed(RunRecord run, FailureReason failure) {
    String errors =
        failure.errors().isEmpty() ? failure.message() : String.join("; ", failure.errors());
    return new Evidence(run.sent(), errors);
  }

  private static Finding writesInside(RunRecord run, boolean readOnlyRoot) throws IOException {
    List<String> outside = new ArrayList<>();
    for (String entry : OutputFacts.entries(run.workspace().root())) {
      if (!Set.of("input", "output", "log").contains(entry)) {
        outside.add("workspace/" + entry);
      }
    }
    for (String entry : OutputFacts.entries(run.workspace().input())) {
      if (!entry.equals("inputFile.json")) {
        outside.add("input/" + entry);
      }
    }
    for (Path watched : run.scratch()) {
      for (String entry : OutputFacts.entries(watched)) {
        outside.add(
            "$"
                + (watched.getFileName().toString().equals("home") ? "HOME" : "TMPDIR")
                + "/"
                + entry);
      }
    }
    if (!outside.isEmpty()) {
      return Finding.broken(
          WRITES_INSIDE,
          "it wrote " + outside.size() + " file(s) outside output/ and log/",
          new Evidence(run.sent(), String.join("; ", outside)));
    }
    String how =
        readOnlyRoot
            ? "nothing beside input/, output/ and log/; the root file system was read-only"
            : "nothing beside input/, output/ and log/"
                + (run.scratch().isEmpty() ? "" : "; $HOME and $TMPDIR empty");
    return Finding.pass(WRITES_INSIDE, new Evidence(run.sent(), how));
  }

  private static Finding invalidInput(RunRecord run, boolean invalidIsValid) {
    if (invalidIsValid) {
      return Finding.skip(
          INVALID_INPUT,
          "the invalid input matches the model's input schema: give one that breaks it with"
              + " --invalid-input");
    }
    Evidence evidence = new Evidence(run.sent(), run.received());
    ExecutionOutcome outcome = run.outcome();
    if (run.succeeded()) {
      return Finding.broken(INVALID_INPUT, "it exited 0 on an invalid input", evidence);
    }
    if (outcome.kind() != ExecutionOutcome.Kind.MODEL_ERROR) {
      return Finding.broken(
          INVALID_INPUT,
          "it did not exit with an error on an invalid input: "
              + outcome.kind()
              + " "
              + outcome.detail(),
          evidence);
    }
    return run.wroteALog()
        ? Finding.pass(INVALID_INPUT, evidence)
        : Finding.broken(
            INVALID_INPUT,
            "it exited "
                + outcome.exitCode()
                + " but wrote no message to its log (stdout, stderr or log/)",
            evidence);
  }

  private static Finding sigterm(Terminated term, ConnectorTarget target) {
    Evidence evidence =
        new Evidence(
            term.run().sent() + "; SIGTERM once it ran, grace " + human(target.grace()),
            term.run().received() + "; ended " + human(term.took()) + " after SIGTERM");
    if (!term.signalled()) {
      return Finding.skip(
          SIGTERM,
          "it finished before it could be signalled ("
              + term.run().outcome().kind()
              + " after "
              + human(term.run().outcome().elapsed())
              + ")");
    }
    if (term.stoppedInTime() && term.run().succeeded()) {
      return new Finding(
          SIGTERM,
          Outcome.PASS,
          "it ended with exit 0 within the grace: it may have finished its work rather than"
              + " stopped (a longer run tells)",
          evidence);
    }
    if (term.stoppedInTime()) {
      return Finding.pass(SIGTERM, evidence);
    }
    return Finding.broken(
        SIGTERM,
        "it was still running "
            + human(target.grace())
            + " after SIGTERM and was killed (a shell script as PID 1 ignores SIGTERM: exec the"
            + " model, or trap TERM and stop)",
        evidence);
  }

  private static Finding deterministic(RunRecord first, RunRecord rerun, boolean stochastic)
      throws IOException {
    if (!first.succeeded()) {
      return Finding.skip(
          DETERMINISTIC, "it did not exit 0 on the valid input: see " + EXIT_ZERO.id());
    }
    Evidence evidence = new Evidence(rerun.sent(), rerun.received());
    if (!rerun.succeeded()) {
      return broken(DETERMINISTIC, "the same input failed on a rerun", evidence, stochastic);
    }
    Map<String, String> a = OutputFacts.digests(first.workspace().output());
    Map<String, String> b = OutputFacts.digests(rerun.workspace().output());
    if (a.equals(b)) {
      return Finding.pass(
          DETERMINISTIC,
          new Evidence(rerun.sent(), "the same " + a.size() + " file(s), byte for byte"));
    }
    List<String> differ = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(union(a.keySet(), b.keySet()))) {
      if (!Objects.equals(a.get(name), b.get(name))) {
        differ.add(
            "output/"
                + name
                + (a.containsKey(name)
                    ? b.containsKey(name) ? " differs" : " only in the first run"
                    : " only in the rerun"));
      }
    }
    return broken(
        DETERMINISTIC,
        "the same input gave another output: " + String.join(", ", differ),
        new Evidence(rerun.sent(), String.join("; ", differ)),
        stochastic);
  }

  private static Finding broken(
      Clause clause, String detail, Evidence evidence, boolean stochastic) {
    return stochastic
        ? new Finding(clause, Outcome.WARN, detail + " (declared stochastic: a warning)", evidence)
        : Finding.broken(clause, detail, evidence);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** The sandbox the runner gives by default, with a non-root user when the image is root's. */
  static ExecutionLimits sandboxed(ExecutionLimits limits, Optional<ImageFacts> image) {
    String user = limits.user();
    boolean root =
        user == null || user.isBlank()
            ? image.map(ImageFacts::runsAsRoot).orElse(true)
            : new ImageFacts(List.of(), List.of(), user).runsAsRoot();
    return new ExecutionLimits(
        limits.deadline(),
        limits.memoryBytes(),
        limits.nanoCpus(),
        limits.pidsLimit(),
        limits.logCapBytes(),
        limits.tmpfsBytes(),
        false,
        true,
        root ? NON_ROOT_USER : user);
  }

  /** A writable root, a network and the image's own user: to tell a sandbox failure apart. */
  static ExecutionLimits relaxed(ExecutionLimits limits) {
    return new ExecutionLimits(
        limits.deadline(),
        limits.memoryBytes(),
        limits.nanoCpus(),
        limits.pidsLimit(),
        limits.logCapBytes(),
        limits.tmpfsBytes(),
        true,
        false,
        null);
  }

  private static String sandbox(ExecutionLimits limits) {
    return "[read-only root, no network, all capabilities dropped, user "
        + (limits.user() == null ? "the image's" : limits.user())
        + "]";
  }

  private static String human(java.time.Duration d) {
    return d.toMillis() < 1000
        ? d.toMillis() + " ms"
        : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static <T> T get(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "connector-check");
    thread.setDaemon(true);
    return thread;
  }
}
