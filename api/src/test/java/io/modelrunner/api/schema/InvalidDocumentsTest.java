package io.modelrunner.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid document is rejected, and the error points at the offending field. */
class InvalidDocumentsTest {
  private static final SchemaValidator VALIDATOR = new SchemaValidator();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        request("id missing", r -> r.remove("id"), "/id", "is required"),
        request(
            "id as boolean",
            r -> r.put("id", true),
            "/id",
            "must be a string or a number, not a boolean"),
        request("id as object", r -> r.set("id", F.objectNode()), "/id", "not an object"),
        request("id as null", r -> r.putNull("id"), "/id", "not null"),
        request("models missing", r -> r.remove("models"), "/models", "is required"),
        request(
            "models as object",
            r -> r.set("models", F.objectNode()),
            "/models",
            "must be an array"),
        request(
            "model without slug", r -> model(r).remove("slug"), "/models/0/slug", "is required"),
        request(
            "model without imageURL",
            r -> model(r).remove("imageURL"),
            "/models/0/imageURL",
            "is required"),
        request(
            "model slug as number",
            r -> model(r).put("slug", 7),
            "/models/0/slug",
            "must be a string"),
        request(
            "model with extra property",
            r -> model(r).put("tag", "x"),
            "/models/0/tag",
            "not allowed"),
        request(
            "configuration missing",
            r -> r.remove("configuration"),
            "/configuration",
            "is required"),
        request("callbackURL missing", r -> r.remove("callbackURL"), "/callbackURL", "is required"),
        request(
            "callbackURL as number",
            r -> r.put("callbackURL", 1),
            "/callbackURL",
            "must be a string or null"),
        request("extra top-level property", r -> r.put("priority", 1), "/priority", "not allowed"),
        request(
            "region missing",
            r -> config(r).remove("region"),
            "/configuration/region",
            "is required"),
        request(
            "region as number",
            r -> config(r).put("region", 1),
            "/configuration/region",
            "must be a string"),
        request(
            "subregion as null",
            r -> config(r).putNull("subregion"),
            "/configuration/subregion",
            "must be a string"),
        request(
            "parameters missing",
            r -> config(r).remove("parameters"),
            "/configuration/parameters",
            "is required"),
        request(
            "extra configuration property",
            r -> config(r).put("country", "US"),
            "/configuration/country",
            "not allowed"),
        request(
            "r0 missing",
            r -> params(r).remove("r0"),
            "/configuration/parameters/r0",
            "is required"),
        request(
            "r0 as string",
            r -> params(r).put("r0", "2.5"),
            "/configuration/parameters/r0",
            "must be a number or null"),
        request(
            "calibrationDate as number",
            r -> params(r).put("calibrationDate", 20200418),
            "/configuration/parameters/calibrationDate",
            "must be a string"),
        request(
            "calibrationCaseCount as string",
            r -> params(r).put("calibrationCaseCount", "1400"),
            "/configuration/parameters/calibrationCaseCount",
            "must be a number"),
        request(
            "calibrationDeathCount missing",
            r -> params(r).remove("calibrationDeathCount"),
            "/configuration/parameters/calibrationDeathCount",
            "is required"),
        request(
            "interventionPeriods missing",
            r -> params(r).remove("interventionPeriods"),
            "/configuration/parameters/interventionPeriods",
            "is required"),
        request(
            "interventionPeriods as object",
            r -> params(r).set("interventionPeriods", F.objectNode()),
            "/configuration/parameters/interventionPeriods",
            "must be an array"),
        request(
            "period without startDate",
            r -> period(r, 1).remove("startDate"),
            "/configuration/parameters/interventionPeriods/1/startDate",
            "is required"),
        request(
            "period without reduction",
            r -> period(r, 0).remove("reductionPopulationContact"),
            "/configuration/parameters/interventionPeriods/0/reductionPopulationContact",
            "is required"),
        request(
            "period reduction as string",
            r -> period(r, 0).put("reductionPopulationContact", "20%"),
            "/configuration/parameters/interventionPeriods/0/reductionPopulationContact",
            "must be a number"),
        request(
            "bad intensity",
            r -> period(r, 1).put("schoolClosure", "total"),
            "/configuration/parameters/interventionPeriods/1/schoolClosure",
            "must be one of"),
        request(
            "intensity in capitals",
            r -> period(r, 0).put("socialDistancing", "Moderate"),
            "/configuration/parameters/interventionPeriods/0/socialDistancing",
            "must be one of"),
        request(
            "extra period property",
            r -> period(r, 2).put("lockdown", true),
            "/configuration/parameters/interventionPeriods/2/lockdown",
            "not allowed"));
  }

  static Stream<Arguments> invalidOutputs() {
    return Stream.of(
        output("metadata missing", o -> o.remove("metadata"), "/metadata", "is required"),
        output(
            "extent with 3 items",
            o -> time(o).set("extent", F.arrayNode().add(0).add(2).add(4)),
            "/time/extent",
            "at most 2 items"),
        output(
            "extent with 1 item",
            o -> time(o).set("extent", F.arrayNode().add(0)),
            "/time/extent",
            "at least 2 items"),
        output(
            "extent of strings",
            o -> time(o).set("extent", F.arrayNode().add("0").add(4)),
            "/time/extent/0",
            "must be a number"),
        output("t0 missing", o -> time(o).remove("t0"), "/time/t0", "is required"),
        output(
            "timestamp as string",
            o -> ((ArrayNode) time(o).get("timestamps")).set(2, F.textNode("2")),
            "/time/timestamps/2",
            "must be a number"),
        output(
            "metric missing",
            o -> metrics(o).remove("cumCritRecov"),
            "/aggregate/metrics/cumCritRecov",
            "is required"),
        output(
            "unknown metric",
            o -> metrics(o).set("Hospitalised", F.arrayNode()),
            "/aggregate/metrics/Hospitalised",
            "not allowed"),
        output(
            "metric value null",
            o -> ((ArrayNode) metrics(o).get("ILI")).set(1, F.nullNode()),
            "/aggregate/metrics/ILI/1",
            "must be a number"),
        output(
            "aggregate without metrics",
            o -> ((ObjectNode) o.get("aggregate")).remove("metrics"),
            "/aggregate/metrics",
            "is required"),
        output(
            "metadata with extra property",
            o -> ((ObjectNode) o.get("metadata")).put("model", "x"),
            "/metadata/model",
            "not allowed"));
  }

  @ParameterizedTest(name = "request: {0}")
  @MethodSource("invalidRequests")
  void rejectsInvalidRequestWithPointerAtTheField(
      String description, JsonNode document, String pointer, String message) {
    assertThat(VALIDATOR.schema(SchemaName.RUNNER).validate(document))
        .as(description)
        .anySatisfy(
            error -> {
              assertThat(error.pointer()).isEqualTo(pointer);
              assertThat(error.message()).contains(message);
            });
  }

  @ParameterizedTest(name = "input: {0}")
  @MethodSource("invalidRequests")
  void inputSchemaRejectsTheSameConfigurationErrors(
      String description, JsonNode document, String pointer, String message) {
    if (!pointer.startsWith("/configuration/")) {
      return; // a request-level error: the input schema sees only the configuration
    }
    JsonNode configuration = document.get("configuration");
    assertThat(VALIDATOR.schema(SchemaName.INPUT).validate(configuration))
        .as(description)
        .anySatisfy(
            error -> {
              assertThat(error.pointer()).isEqualTo(pointer.substring("/configuration".length()));
              assertThat(error.message()).contains(message);
            });
  }

  @ParameterizedTest(name = "output: {0}")
  @MethodSource("invalidOutputs")
  void rejectsInvalidOutputWithPointerAtTheField(
      String description, JsonNode document, String pointer, String message) {
    assertThat(VALIDATOR.schema(SchemaName.OUTPUT).validate(document))
        .as(description)
        .anySatisfy(
            error -> {
              assertThat(error.pointer()).isEqualTo(pointer);
              assertThat(error.message()).contains(message);
            });
  }

  @Test
  void fixturesThemselvesAreValid() {
    assertThat(VALIDATOR.schema(SchemaName.RUNNER).validate(Fixtures.resource("request.json")))
        .isEmpty();
    assertThat(VALIDATOR.schema(SchemaName.OUTPUT).validate(Fixtures.resource("output.json")))
        .isEmpty();
  }

  @Test
  void documentThatIsNotAnObjectIsRejectedAtTheRoot() {
    assertThat(VALIDATOR.schema(SchemaName.RUNNER).validate(F.arrayNode()))
        .containsExactly(new ValidationError("", "must be an object, not an array"));
  }

  @Test
  void reportsEveryErrorOfADocumentSortedByPointer() {
    ObjectNode request = (ObjectNode) Fixtures.resource("request.json");
    request.remove("id");
    params(request).put("r0", "high");
    request.put("zzz", 1);
    assertThat(VALIDATOR.schema(SchemaName.RUNNER).validate(request))
        .extracting(ValidationError::pointer)
        .containsExactly("/configuration/parameters/r0", "/id", "/zzz");
  }

  private static Arguments request(
      String description, Consumer<ObjectNode> change, String pointer, String message) {
    ObjectNode document = (ObjectNode) Fixtures.resource("request.json");
    change.accept(document);
    return Arguments.of(description, document, pointer, message);
  }

  private static Arguments output(
      String description, Consumer<ObjectNode> change, String pointer, String message) {
    ObjectNode document = (ObjectNode) Fixtures.resource("output.json");
    change.accept(document);
    return Arguments.of(description, document, pointer, message);
  }

  private static ObjectNode model(ObjectNode request) {
    return (ObjectNode) request.get("models").get(0);
  }

  private static ObjectNode config(ObjectNode request) {
    return (ObjectNode) request.get("configuration");
  }

  private static ObjectNode params(ObjectNode request) {
    return (ObjectNode) config(request).get("parameters");
  }

  private static ObjectNode period(ObjectNode request, int index) {
    return (ObjectNode) params(request).get("interventionPeriods").get(index);
  }

  private static ObjectNode time(ObjectNode output) {
    return (ObjectNode) output.get("time");
  }

  private static ObjectNode metrics(ObjectNode output) {
    return (ObjectNode) output.get("aggregate").get("metrics");
  }
}
