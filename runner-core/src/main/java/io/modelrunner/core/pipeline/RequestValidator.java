package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaName;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.core.catalog.ModelContract;
import io.modelrunner.core.catalog.ModelsCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Checks a run request in two layers: the envelope against a domain-free schema (built-in {@code
 * request}: {@code id}, {@code models}, {@code callbackURL}, and {@code configuration} an object),
 * then {@code configuration} against the input schema of each requested model (a model without one
 * takes any object). A {@code configuration} error points into the request ({@code
 * /configuration/region}), names the models whose schema it breaks ({@link ValidationError#models})
 * and says so in its message; models sharing one schema share its errors. Used alike by the CLI,
 * the service's dispatch and the pipeline. Immutable and thread-safe.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RequestValidator {
  private static final String CONFIGURATION = "/configuration";

  private final JsonSchema envelope;

  /**
   * @param envelope the envelope schema (built-in {@code request})
   */
  public RequestValidator(JsonSchema envelope) {
    this.envelope = Objects.requireNonNull(envelope, "envelope");
  }

  /** With the built-in {@code request} envelope. */
  public static RequestValidator builtIn(SchemaValidator validator) {
    return new RequestValidator(validator.schema(SchemaName.REQUEST));
  }

  /** The envelope schema. */
  public JsonSchema envelope() {
    return envelope;
  }

  /** Every error of {@code document}, the models' contracts taken from {@code catalog}. */
  public List<ValidationError> check(JsonNode document, ModelsCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    return check(document, model -> catalog.resolve(model).contract());
  }

  /**
   * Every error of {@code document}: the envelope's, then, when {@code configuration} is an object,
   * those of each input schema of the models listed (each model whose {@code slug} and {@code
   * imageURL} are strings), sorted by pointer within each schema.
   */
  public List<ValidationError> check(
      JsonNode document, Function<ModelRef, ModelContract> contracts) {
    Objects.requireNonNull(document, "document");
    List<ValidationError> errors = new ArrayList<>(envelope.validate(document));
    JsonNode configuration = document.path("configuration");
    if (!configuration.isObject()) {
      return List.copyOf(errors);
    }
    // JsonSchema has identity equality: one entry per compiled schema, in request order
    Map<JsonSchema, List<String>> bySchema = new LinkedHashMap<>();
    for (JsonNode model : document.path("models")) {
      JsonNode slug = model.path("slug");
      JsonNode image = model.path("imageURL");
      if (!slug.isTextual() || !image.isTextual()) {
        continue;
      }
      ModelContract contract = contracts.apply(new ModelRef(slug.textValue(), image.textValue()));
      if (contract == null || contract.input().isNone()) {
        continue;
      }
      JsonSchema schema = contract.input().schema();
      List<String> slugs = bySchema.computeIfAbsent(schema, s -> new ArrayList<>());
      if (!slugs.contains(slug.textValue())) {
        slugs.add(slug.textValue());
      }
    }
    bySchema.forEach(
        (schema, slugs) -> errors.addAll(configurationErrors(configuration, schema, slugs)));
    return List.copyOf(errors);
  }

  /**
   * The errors of {@code document} for one model: the envelope's, then its {@code configuration}
   * against {@code contract}'s input schema.
   */
  public List<ValidationError> checkFor(JsonNode document, String slug, ModelContract contract) {
    Objects.requireNonNull(contract, "contract");
    List<ValidationError> errors = new ArrayList<>(envelope.validate(document));
    JsonNode configuration = document.path("configuration");
    if (configuration.isObject() && !contract.input().isNone()) {
      errors.addAll(configurationErrors(configuration, contract.input().schema(), List.of(slug)));
    }
    return List.copyOf(errors);
  }

  private static List<ValidationError> configurationErrors(
      JsonNode configuration, JsonSchema schema, List<String> slugs) {
    String whose =
        " (input schema of model"
            + (slugs.size() > 1 ? "s " : " ")
            + String.join(", ", slugs)
            + ")";
    List<ValidationError> out = new ArrayList<>();
    for (ValidationError e : schema.validate(configuration)) {
      out.add(new ValidationError(CONFIGURATION + e.pointer(), e.message() + whose, slugs));
    }
    return out;
  }
}
