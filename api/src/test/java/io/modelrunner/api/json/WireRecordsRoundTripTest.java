package io.modelrunner.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.modelrunner.api.CallbackPayload;
import io.modelrunner.api.Intensity;
import io.modelrunner.api.InterventionPeriod;
import io.modelrunner.api.ModelInput;
import io.modelrunner.api.ModelOutput;
import io.modelrunner.api.ModelParameters;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.RequestId;
import io.modelrunner.api.RunRequest;
import io.modelrunner.api.RunStatus;
import io.modelrunner.api.SeverityMetrics;
import io.modelrunner.api.TimeAxis;
import io.modelrunner.api.adapter.ModelRunInfo;
import io.modelrunner.api.adapter.ModelRunState;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.adapter.RegistryStatus;
import io.modelrunner.api.schema.Fixtures;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireRecordsRoundTripTest {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  static final ModelParameters PARAMETERS =
      new ModelParameters(
          "2020-04-18",
          1400,
          200.5,
          null,
          List.of(
              new InterventionPeriod("2020-03-18", 10, Intensity.MODERATE, null, null, null),
              new InterventionPeriod(
                  "2020-03-22",
                  34,
                  Intensity.MODERATE,
                  Intensity.AGGRESSIVE,
                  Intensity.MILD,
                  Intensity.AGGRESSIVE),
              InterventionPeriod.of("2020-07-01", 0)));
  static final ModelInput INPUT = new ModelInput("US", "US-NY", PARAMETERS);
  static final SeverityMetrics METRICS =
      new SeverityMetrics(
          List.of(1.0, 2.0),
          List.of(0.5, 0.25),
          List.of(3.0, 4.0),
          List.of(5.0, 6.0),
          List.of(7.0, 8.0),
          List.of(0.0, 1.0),
          List.of(1.0, 3.0),
          List.of(0.5, 0.75),
          List.of(3.0, 7.0),
          List.of(5.0, 11.0),
          List.of(7.0, 15.0));

  static Stream<Object> records() {
    return Stream.of(
        new RunRequest(
            RequestId.of("run-1"),
            List.of(new ModelRef("seir", "local/seir:1"), new ModelRef("b", "img:2")),
            INPUT,
            "https://app.example/hook"),
        new RunRequest(RequestId.of(42), List.of(), new ModelInput("GB", null, PARAMETERS), null),
        new RunRequest(new RequestId("3.25", true), List.of(), INPUT, null),
        new ModelRef("seir", "local/seir:1"),
        INPUT,
        new ModelInput("US", null, new ModelParameters("2020-04-18", 1, 2, 2.5, List.of())),
        PARAMETERS,
        PARAMETERS.interventionPeriods().get(1),
        new ModelOutput(
            INPUT,
            new TimeAxis("2020-03-01", List.of(0.0, 1.0), List.of(0.0, 1.0)),
            new ModelOutput.Aggregate(METRICS)),
        METRICS,
        new TimeAxis("2020-03-01", List.of(0.0, 0.5), List.of(0.0, 0.5)),
        new CallbackPayload("seir", RunStatus.IN_PROGRESS, "", "", null),
        new CallbackPayload(
            "seir", RunStatus.COMPLETE, "file:/r/data.json", "file:/r/export.zip", "wf-9"),
        new ModelRunInfo(
            "abc", ModelRunState.SUCCEEDED, null, MAPPER.createObjectNode().put("path", "/x")),
        ModelRunInfo.error("abc", "model crashed"),
        ModelRunInfo.of(null, ModelRunState.UNKNOWN),
        new Registration(
            "SEIR", "1.0", "http://127.0.0.1:8080", 2, 0, "team", RegistryStatus.READY),
        new RegistryEntry(
            "3f1c2a9e-8d4b-4c1e-9f2a-1b2c3d4e5f60",
            new Registration("SEIR", "1.0", "http://h:1", 4, 4, "o", RegistryStatus.BUSY),
            Instant.parse("2026-11-23T10:15:30.123Z")),
        new RegistryEntry(
            "3f1c2a9e-8d4b-4c1e-9f2a-1b2c3d4e5f61",
            new Registration("Opera", "2022-06-01", "mqtt://mmvib/opera", 1, 0, null, null),
            Instant.parse("2026-11-23T10:15:30.123456Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void roundTripIsLossless(Object record) throws Exception {
    String json = MAPPER.writeValueAsString(record);
    Object back = MAPPER.readValue(json, record.getClass());
    assertThat(back).isEqualTo(record);
    assertThat(MAPPER.writeValueAsString(back)).isEqualTo(json);
  }

  @Test
  void requestAndOutputWrittenByTheRecordsAreSchemaValid() throws Exception {
    SchemaValidator validator = new SchemaValidator();
    for (Object record : records().toList()) {
      JsonNode tree = MAPPER.valueToTree(record);
      if (record instanceof RunRequest) {
        assertThat(validator.schema(SchemaName.RUNNER).validate(tree))
            .as(tree.toString())
            .isEmpty();
      } else if (record instanceof ModelInput) {
        assertThat(validator.schema(SchemaName.INPUT).validate(tree)).as(tree.toString()).isEmpty();
      } else if (record instanceof ModelOutput) {
        assertThat(validator.schema(SchemaName.OUTPUT).validate(tree))
            .as(tree.toString())
            .isEmpty();
      }
    }
  }

  @Test
  void explicitNullsAreWrittenAndOptionalFieldsOmitted() throws Exception {
    JsonNode request =
        MAPPER.valueToTree(
            new RunRequest(
                RequestId.of(1), List.of(), new ModelInput("US", null, PARAMETERS), null));
    assertThat(request.has("callbackURL")).isTrue();
    assertThat(request.get("callbackURL").isNull()).isTrue();
    assertThat(request.get("configuration").has("subregion")).isFalse();
    assertThat(request.at("/configuration/parameters").has("r0")).isTrue();
    assertThat(request.at("/configuration/parameters/interventionPeriods/0").has("schoolClosure"))
        .isFalse();

    JsonNode info = MAPPER.valueToTree(ModelRunInfo.of("x", ModelRunState.ACCEPTED));
    assertThat(info.fieldNames())
        .toIterable()
        .containsExactly("model_run_id", "state", "reason", "result");

    JsonNode registration =
        MAPPER.valueToTree(new Registration("SEIR", "1", "http://h:1/", 1, 0, "me", null));
    assertThat(registration.fieldNames())
        .toIterable()
        .containsExactly(
            "name", "version", "uri", "max_workers", "used_workers", "owner", "status");
    assertThat(registration.path("uri").asText()).isEqualTo("http://h:1");
    assertThat(registration.path("status").asText()).isEqualTo("READY");

    // The deployed registry's client (MultiModelling/Model-Registry,
    // tno/mmvib_registry/models/modeladapter.py: a marshmallow schema, which refuses unknown
    // fields) reads exactly these fields; a missing owner is written as null, as it writes it.
    JsonNode entry =
        MAPPER.valueToTree(
            new RegistryEntry(
                "3f1c2a9e-8d4b-4c1e-9f2a-1b2c3d4e5f60",
                new Registration("SEIR", "1", "http://h:1", 1, 0, null, null),
                Instant.parse("2026-11-23T10:15:30Z")));
    assertThat(entry.path("id").isTextual()).isTrue();
    assertThat(entry.has("owner")).isTrue();
    assertThat(entry.get("owner").isNull()).isTrue();
    assertThat(entry.path("status").asText()).isEqualTo("READY");
    assertThat(entry.fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "name",
            "version",
            "uri",
            "max_workers",
            "used_workers",
            "owner",
            "status",
            "last_seen");
  }

  @Test
  void registryStatusesAreThoseOfTheDeployedRegistry() throws Exception {
    // MultiModelling/Model-Registry, tno/mmvib_registry/models/modeladapter.py: ModelAdapterState
    // is READY or BUSY, by name; liveness is not a status
    assertThat(RegistryStatus.values()).containsExactly(RegistryStatus.READY, RegistryStatus.BUSY);
    assertThat(MAPPER.readValue("\"BUSY\"", RegistryStatus.class)).isEqualTo(RegistryStatus.BUSY);
    assertThatThrownBy(() -> MAPPER.readValue("\"UNAVAILABLE\"", RegistryStatus.class))
        .isInstanceOf(com.fasterxml.jackson.databind.JsonMappingException.class);
  }

  @Test
  void wireNamesAreTheOriginalOnes() throws Exception {
    assertThat(MAPPER.writeValueAsString(RunStatus.IN_PROGRESS)).isEqualTo("\"in-progress\"");
    assertThat(MAPPER.writeValueAsString(Intensity.AGGRESSIVE)).isEqualTo("\"aggressive\"");
    JsonNode metrics = MAPPER.valueToTree(METRICS);
    assertThat(metrics.fieldNames())
        .toIterable()
        .containsExactly(
            "Mild",
            "ILI",
            "SARI",
            "Critical",
            "CritRecov",
            "incDeath",
            "cumMild",
            "cumILI",
            "cumSARI",
            "cumCritical",
            "cumCritRecov");
    assertThat(RunStatus.FAILED.wireName()).isEqualTo("failed");
  }

  @Test
  void datesAndInstantsAreIsoStrings() throws Exception {
    String json =
        MAPPER.writeValueAsString(
            new Object[] {LocalDate.of(2020, 4, 18), Instant.parse("2026-11-23T10:00:00Z")});
    assertThat(json).isEqualTo("[\"2020-04-18\",\"2026-11-23T10:00:00Z\"]");
    assertThat(PARAMETERS.calibrationLocalDate()).isEqualTo(LocalDate.of(2020, 4, 18));
    assertThat(InterventionPeriod.of("2020-03-18T00:00:00Z", 1).startLocalDate())
        .isEqualTo(LocalDate.of(2020, 3, 18));
  }

  @Test
  void requestIdKeepsItsJsonType() throws Exception {
    assertThat(MAPPER.readValue("42", RequestId.class)).isEqualTo(RequestId.of(42));
    assertThat(MAPPER.readValue("\"42\"", RequestId.class)).isEqualTo(RequestId.of("42"));
    assertThat(MAPPER.writeValueAsString(MAPPER.readValue("1.50", RequestId.class)))
        .isEqualTo("1.50");
    assertThatThrownBy(() -> MAPPER.readValue("true", RequestId.class))
        .hasMessageContaining("id must be a string or a number");
  }

  @Test
  void unknownPropertiesAndNullPrimitivesAreRejected() {
    assertThatThrownBy(
            () -> MAPPER.readValue("{\"slug\":\"a\",\"imageURL\":\"b\",\"x\":1}", ModelRef.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThatThrownBy(
            () ->
                MAPPER.readValue(
                    "{\"startDate\":\"2020-01-01\",\"reductionPopulationContact\":null}",
                    InterventionPeriod.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void duplicateKeysAreAcceptedLastOneWinning() throws Exception {
    // As in the web application's own test-job-mrc-ide-covidsim.json, where r0 appears twice.
    JsonNode node = MAPPER.readTree("{\"r0\": 1, \"r0\": null}");
    assertThat(node.get("r0").isNull()).isTrue();
  }

  @Test
  void readingFromTheFixtureGivesTheTypedRequest() throws Exception {
    RunRequest request = MAPPER.treeToValue(Fixtures.resource("request.json"), RunRequest.class);
    assertThat(request.id()).isEqualTo(RequestId.of("example-seir-ny"));
    assertThat(request.models()).extracting(ModelRef::slug).containsExactly("seir");
    assertThat(request.configuration().parameters().r0()).isNull();
    assertThat(request.configuration().parameters().interventionPeriods().get(2).caseIsolation())
        .isEqualTo(Intensity.MODERATE);
  }

  @Test
  void canonicalMapperSortsKeysWhateverTheInputOrder() throws Exception {
    ObjectMapper canonical = JsonMappers.canonical();
    JsonNode a = MAPPER.readTree("{\"b\": 1, \"a\": {\"d\": [1, 2], \"c\": null}}");
    JsonNode b = MAPPER.readTree("{\"a\": {\"c\": null, \"d\": [1, 2]}, \"b\": 1}");
    assertThat(canonical.writeValueAsString(a))
        .isEqualTo(canonical.writeValueAsString(b))
        .isEqualTo("{\"a\":{\"c\":null,\"d\":[1,2]},\"b\":1}");
  }

  @Test
  void deeplyNestedInputIsRefused() {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    assertThatThrownBy(() -> MAPPER.readTree(deep)).hasMessageContaining("nesting depth");
  }
}
