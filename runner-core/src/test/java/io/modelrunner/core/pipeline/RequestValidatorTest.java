package io.modelrunner.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.ContractSchema;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.catalog.ModelsCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two layers of a run request's validation: the envelope, then each model's input schema. */
class RequestValidatorTest {
  private static final SchemaValidator SCHEMAS = new SchemaValidator();
  private final RequestValidator validator = RequestValidator.builtIn(SCHEMAS);

  @Test
  void theEnvelopeIsDomainFreeButStrict() throws Exception {
    assertThat(
            validator.check(
                json(
                    "{\"id\":1,\"models\":[],\"configuration\":{\"any\":1},"
                        + "\"callbackURL\":null}"),
                m -> none()))
        .isEmpty();
    assertThat(
            validator.check(
                json("{\"id\":true,\"models\":[{\"slug\":1}],\"configuration\":[],\"x\":0}"),
                m -> none()))
        .extracting(ValidationError::toString)
        .containsExactlyInAnyOrder(
            "/callbackURL: is required",
            "/configuration: must be an object, not an array",
            "/id: must be a string or a number, not a boolean",
            "/models/0/imageURL: is required",
            "/models/0/slug: must be a string, not an integer",
            "/x: is not allowed here (unknown property)");
  }

  @Test
  void theConfigurationIsCheckedAgainstEachModelsInputSchemaNamingTheModels() throws Exception {
    JsonNode request =
        json(
            "{\"id\":\"r\",\"models\":[{\"slug\":\"seir\",\"imageURL\":\"s:1\"},"
                + "{\"slug\":\"abm\",\"imageURL\":\"a:1\"},"
                + "{\"slug\":\"etm\",\"imageURL\":\"adapter:etm\"}],"
                + "\"configuration\":{\"scenario\":\"x\"},\"callbackURL\":null}");
    List<ValidationError> errors = validator.check(request, ModelsCatalog.empty());

    // seir and abm share the built-in input schema: its errors once, naming both; etm has none
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "/configuration/parameters",
                "is required (input schema of models seir, abm)",
                List.of("seir", "abm")),
            new ValidationError(
                "/configuration/region",
                "is required (input schema of models seir, abm)",
                List.of("seir", "abm")),
            new ValidationError(
                "/configuration/scenario",
                "is not allowed here (unknown property) (input schema of models seir, abm)",
                List.of("seir", "abm")));
  }

  @Test
  void oneModelsCheckNamesOnlyThatModel() throws Exception {
    JsonNode request =
        json(
            "{\"id\":\"r\",\"models\":[{\"slug\":\"m\",\"imageURL\":\"m:1\"}],"
                + "\"configuration\":{},\"callbackURL\":null}");
    var schema = SCHEMAS.schema(SchemaName.INPUT);
    ModelContract contract =
        new ModelContract(ContractSchema.of("input", schema), ContractSchema.none());
    assertThat(validator.checkFor(request, "m", contract))
        .extracting(ValidationError::toString)
        .containsExactly(
            "/configuration/parameters: is required (input schema of model m)",
            "/configuration/region: is required (input schema of model m)");
    assertThat(validator.checkFor(request, "m", none())).isEmpty();
  }

  private static ModelContract none() {
    return new ModelContract(ContractSchema.none(), ContractSchema.none());
  }

  private static JsonNode json(String text) throws Exception {
    return JsonMappers.standard().readTree(text);
  }
}
