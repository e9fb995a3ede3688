package io.modelrunner.app.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.adapter.client.AdapterClient;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.registry.ModelRegistry;
import io.modelrunner.app.registry.MutableClock;
import io.modelrunner.app.registry.RegistryStore;
import io.modelrunner.app.testing.TestDatabases;
import io.modelrunner.core.engine.ExecutionLimits;
import io.modelrunner.core.engine.ExecutionOutcome;
import io.modelrunner.core.engine.ExecutionOutcome.Kind;
import io.modelrunner.core.engine.ExecutionRequest;
import io.modelrunner.core.engine.ModelLaunch;
import io.modelrunner.core.engine.Workspace;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter engine against a third-party-shaped adapter ({@link ThirdPartyAdapter}: Flask, as the
 * MultiModelling Adapter-* repositories are) and the quirks of the real ones it tolerates.
 */
class ThirdPartyAdapterEngineIT {
  private static final ObjectMapper MAPPER = JsonMappers.standard();
  private static final AdapterClient.Options FAST =
      new AdapterClient.Options(Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(5));

  @TempDir Path dir;
  private Database database;
  private ModelRegistry registry;
  private AdapterEngine engine;
  private ThirdPartyAdapter adapter;
  private int runs;

  @BeforeEach
  void open() {
    database = Database.open(TestDatabases.embedded(dir.resolve("db")));
    registry =
        new ModelRegistry(new RegistryStore(database), new MutableClock(), Duration.ofSeconds(90));
    engine = new AdapterEngine(registry, HttpClient.newHttpClient(), FAST, "/model");
  }

  @AfterEach
  void close() throws Exception {
    engine.close();
    if (adapter != null) {
      adapter.close();
    }
    database.close();
  }

  private void startAdapter(String... flags) throws Exception {
    adapter = ThirdPartyAdapter.start(flags);
    registry.register(
        new Registration("etm-price-profile", "0.1", adapter.root().toString(), 1, 0, "tno", null));
  }

  private ExecutionRequest request(String configuration) throws Exception {
    Workspace workspace = Workspace.under(dir.resolve("run-" + (++runs)));
    Files.createDirectories(workspace.input());
    Files.createDirectories(workspace.output());
    Files.createDirectories(workspace.log());
    Files.writeString(workspace.inputFile(), configuration);
    return new ExecutionRequest(
        "run-" + runs,
        ModelLaunch.image("etm-price-profile", "adapter:etm-price-profile"),
        workspace,
        ExecutionLimits.defaults().withDeadline(Duration.ofMinutes(1)),
        Map.of());
  }

  private ExecutionOutcome run(ExecutionRequest request) throws Exception {
    return engine
        .start(request, engine.prepare(request.launch()))
        .await(Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError("the run did not end within 30s"));
  }

  private static String log(ExecutionRequest request) throws Exception {
    return Files.readString(request.workspace().containerLog());
  }

  /** The calls without their run id: {@code GET /model/status/…} becomes {@code status}. */
  private List<String> lifecycle() throws Exception {
    return adapter.calls().stream().map(c -> c.replaceAll("^\\w+ /model/(\\w+).*$", "$1")).toList();
  }

  @Test
  void itsResultIsDataJsonThoughItsResultsAnswerRunningUntilItsStatusIsAsked() throws Exception {
    startAdapter();
    ExecutionRequest request = request(ThirdPartyAdapter.CONFIGURATION);
    ExecutionOutcome outcome = run(request);

    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    JsonNode data = MAPPER.readTree(request.workspace().output().resolve("data.json").toFile());
    assertThat(data).isEqualTo(ThirdPartyAdapter.expectedResult());
    // the configuration goes to initialize unchanged
    assertThat(adapter.configurations())
        .containsExactly(MAPPER.readTree(ThirdPartyAdapter.CONFIGURATION));
    // MultiModelling/Model-Orchestrator dags/modules/handlers/rest_handler.py: request,
    // initialize, run, status, results, remove — status before results, which only then succeed
    List<String> calls = lifecycle();
    assertThat(calls.subList(0, 4)).containsExactly("request", "initialize", "run", "status");
    assertThat(calls.get(calls.size() - 2)).isEqualTo("results");
    assertThat(calls.get(calls.size() - 1)).isEqualTo("remove");
    // its remove answers 200 "REMOVED!" as text/html (Adapter-ETM-Price-Profile apis/model_api.py)
    assertThat(log(request)).contains("results -> SUCCEEDED").contains("remove -> UNKNOWN");
  }

  @Test
  void aConfigurationItsSchemaRefusesIsAModelErrorNamingTheFields() throws Exception {
    startAdapter();
    // flask-smorest answers 422 {"code":422,"status":"Unprocessable Entity","errors":{"json":…}}
    // with marshmallow's messages (Adapter-ETM-Price-Profile apis/model_api.py, types.py)
    ExecutionRequest request =
        request(
            "{\"profile_config\":{\"scenario_ID\":\"1\",\"base_price\":50,\"peak_price\":120,"
                + "\"colour\":\"red\"},\"region\":\"NL\"}");
    ExecutionOutcome outcome = run(request);

    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.detail())
        .startsWith("initialize answered HTTP 422: ")
        .contains("/profile_config/colour: Unknown field.")
        .contains("/profile_config/hours: Missing data for required field.")
        .contains("/region: Unknown field.");
    assertThat(lifecycle()).containsExactly("request", "initialize", "remove");
  }

  @Test
  void aRunTheAdapterNoLongerKnowsEndsWithItsReasonInsteadOfHanging() throws Exception {
    // unknown ids are answered 200 with state ERROR (Adapter-ETM-KPIs model/model.py)
    startAdapter("--forget-on-run");
    ExecutionOutcome outcome = run(request(ThirdPartyAdapter.CONFIGURATION));
    assertThat(outcome.kind()).isEqualTo(Kind.MODEL_ERROR);
    assertThat(outcome.detail()).isEqualTo("Error in Model.status(): model_run_id unknown");
    assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void withoutAStatusEndpointItsResultsArePolledUntilTheyHoldTheResult() throws Exception {
    startAdapter("--no-status");
    ExecutionRequest request = request(ThirdPartyAdapter.CONFIGURATION);
    ExecutionOutcome outcome = run(request);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(MAPPER.readTree(request.workspace().output().resolve("data.json").toFile()))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
    assertThat(log(request)).contains("status is not served (HTTP 404); polling results instead");
    assertThat(lifecycle()).containsOnlyOnce("status");
  }

  @Test
  void anAdapterThatReportsAFinishedRunAsReadyIsFollowedToItsResult() throws Exception {
    // The seed text's reading of the lifecycle: READY when the results are there.
    startAdapter("--ready-when-done");
    ExecutionRequest request = request(ThirdPartyAdapter.CONFIGURATION);
    ExecutionOutcome outcome = run(request);
    assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Kind.SUCCEEDED);
    assertThat(MAPPER.readTree(request.workspace().output().resolve("data.json").toFile()))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
    assertThat(lifecycle()).containsSubsequence("run", "status", "results", "remove");
  }

  @Test
  void anHtmlServerErrorIsAPlatformErrorWithABoundedExcerptOfItsBody() throws Exception {
    startAdapter("--crash-on-run");
    ExecutionOutcome outcome = run(request(ThirdPartyAdapter.CONFIGURATION));
    assertThat(outcome.kind()).isEqualTo(Kind.PLATFORM_ERROR);
    // Flask's own page for an unhandled exception, reduced to its text
    assertThat(outcome.detail())
        .startsWith("run answered HTTP 500: ")
        .contains("Internal Server Error")
        .doesNotContain("<");
    assertThat(outcome.detail().length()).isLessThan(600);
    assertThat(lifecycle()).last().isEqualTo("remove");
  }

  @Test
  void adapterClientsExecuteToleratesTheSameQuirks() throws Exception {
    startAdapter("--no-status");
    AdapterClient client = new AdapterClient(adapter.root().resolve("/model"));
    assertThat(
            client.execute(
                MAPPER.readTree(ThirdPartyAdapter.CONFIGURATION), Duration.ofSeconds(30)))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
    adapter.close();

    startAdapter();
    client = new AdapterClient(adapter.root().resolve("/model"));
    assertThat(
            client.execute(
                MAPPER.readTree(ThirdPartyAdapter.CONFIGURATION), Duration.ofSeconds(30)))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
    assertThat(lifecycle()).containsSubsequence("run", "status", "results", "remove");
    adapter.close();

    startAdapter("--ready-when-done");
    client = new AdapterClient(adapter.root().resolve("/model"));
    assertThat(
            client.execute(
                MAPPER.readTree(ThirdPartyAdapter.CONFIGURATION), Duration.ofSeconds(30)))
        .isEqualTo(ThirdPartyAdapter.expectedResult());
  }
}
