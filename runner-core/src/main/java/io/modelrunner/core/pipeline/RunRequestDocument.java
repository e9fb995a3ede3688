package io.modelrunner.core.pipeline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.ModelRef;
import io.modelrunner.api.RunRequest;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.InvalidJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A run request exactly as received, as a JSON tree: the runner validates it against the runner
 * schema, writes its {@code configuration} unchanged into {@code inputFile.json} (so another
 * domain's configuration passes through untouched) and hashes its canonical form for the storage
 * key. The accessors read the four wire properties leniently; call them after validation.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class RunRequestDocument {
  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private final JsonNode document;

  private RunRequestDocument(JsonNode document) {
    this.document = Objects.requireNonNull(document, "document");
  }

  /** Wraps a parsed request (not copied: do not modify it afterwards). */
  public static RunRequestDocument of(JsonNode document) {
    return new RunRequestDocument(document);
  }

  /** The wire form of a typed request. */
  public static RunRequestDocument of(RunRequest request) {
    return new RunRequestDocument(MAPPER.valueToTree(request));
  }

  /**
   * Parses a request.
   *
   * @throws InvalidJsonException when the stream is not one JSON document
   */
  public static RunRequestDocument parse(InputStream in) throws IOException {
    try {
      JsonNode node = MAPPER.readTree(in);
      if (node == null || node.isMissingNode()) {
        throw new InvalidJsonException("not JSON: the input is empty", null);
      }
      return new RunRequestDocument(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidJsonException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The whole document (read-only: do not modify it). */
  public JsonNode document() {
    return document;
  }

  /** The {@code id} as text (a number in its plain decimal form). */
  public String id() {
    JsonNode id = document.path("id");
    return id.isNumber() ? id.decimalValue().toPlainString() : id.asText("");
  }

  /** The {@code callbackURL}, or null when it is null or absent. */
  public String callbackURL() {
    JsonNode url = document.path("callbackURL");
    return url.isTextual() ? url.textValue() : null;
  }

  /** The {@code configuration} object, as received. */
  public JsonNode configuration() {
    return document.path("configuration");
  }

  /** The {@code models}, in request order. */
  public List<ModelRef> models() {
    List<ModelRef> models = new ArrayList<>();
    for (JsonNode model : document.path("models")) {
      models.add(new ModelRef(model.path("slug").asText(""), model.path("imageURL").asText("")));
    }
    return List.copyOf(models);
  }

  @Override
  public String toString() {
    return "RunRequestDocument[id=" + id() + "]";
  }
}
