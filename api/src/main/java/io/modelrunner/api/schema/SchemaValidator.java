package io.modelrunner.api.schema;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.internal.UrlResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Loads JSON Schemas (draft-07 unless a schema says otherwise) and validates documents against
 * them, over networknt's json-schema-validator.
 *
 * <p>Schemas are the built-in ones ({@link SchemaName}) or any schema file or URL, so a deployment
 * can validate another domain's input and output without code changes. Each schema is parsed once
 * per validator and cached; a validator is thread-safe and meant to be shared.
 *
 * <pre>{@code
 * SchemaValidator validator = new SchemaValidator();
 * List<ValidationError> errors = validator.schema(SchemaName.RUNNER).validate(request);
 * }</pre>
 */
@API(status = STABLE, since = "0.1.0")
public final class SchemaValidator {
  private final ObjectMapper mapper;
  private final SchemaRegistry registry;
  private final Map<URI, JsonSchema> cache = new ConcurrentHashMap<>();

  /** A validator that parses documents with {@link JsonMappers#standard()}. */
  public SchemaValidator() {
    this(JsonMappers.standard());
  }

  /** A validator that parses documents and schemas with {@code mapper}. */
  public SchemaValidator(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            builder ->
                builder.resourceLoaders(
                    loaders -> loaders.values(list -> list.add(0, new UrlResourceLoader()))));
  }

  /** A built-in schema. */
  public JsonSchema schema(SchemaName name) {
    URL resource = SchemaValidator.class.getClassLoader().getResource(name.resourcePath());
    if (resource == null) {
      throw new SchemaLoadException(
          "built-in schema " + name.resourcePath() + " is missing from the classpath", null);
    }
    return load(toUri(resource));
  }

  /**
   * A built-in schema by short name ({@code runner}, {@code input}, {@code output}), else a schema
   * file path, else an absolute URL ({@code file:}, {@code https:}, {@code jar:}).
   */
  public JsonSchema resolve(String nameOrLocation) {
    Objects.requireNonNull(nameOrLocation, "nameOrLocation");
    var builtIn = SchemaName.fromId(nameOrLocation);
    if (builtIn.isPresent()) {
      return schema(builtIn.get());
    }
    if (nameOrLocation.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")
        && !looksLikeWindowsPath(nameOrLocation)) {
      try {
        return load(new URI(nameOrLocation));
      } catch (URISyntaxException e) {
        throw new SchemaLoadException("not a schema URL: " + nameOrLocation, e);
      }
    }
    return load(Path.of(nameOrLocation));
  }

  /** A schema file. Relative {@code $ref}s resolve against the file's location. */
  public JsonSchema load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new SchemaLoadException("schema file not found: " + absolute, null);
    }
    return load(absolute.toUri());
  }

  /** A schema at a URL. Parsed on first use, then cached. */
  public JsonSchema load(URI location) {
    Objects.requireNonNull(location, "location");
    return cache.computeIfAbsent(location, this::parse);
  }

  /**
   * Parses {@code in} and validates it against {@code schema}.
   *
   * @throws InvalidJsonException when {@code in} is not JSON
   */
  public List<ValidationError> validate(JsonSchema schema, InputStream in) throws IOException {
    return schema.validate(JsonSchema.parse(mapper, in));
  }

  private JsonSchema parse(URI location) {
    JsonNode node;
    try (InputStream in = location.toURL().openStream()) {
      node = JsonSchema.parse(mapper, in);
    } catch (IOException | IllegalArgumentException e) {
      throw new SchemaLoadException("cannot read schema " + location + ": " + e.getMessage(), e);
    }
    if (!node.isObject() && !node.isBoolean()) {
      throw new SchemaLoadException(
          "schema " + location + " is not a JSON Schema (an object or a boolean)", null);
    }
    try {
      Schema compiled = registry.getSchema(SchemaLocation.of(location.toString()), node);
      compiled.initializeValidators();
      return new JsonSchema(location, node, compiled, mapper);
    } catch (RuntimeException e) {
      throw new SchemaLoadException("invalid schema " + location + ": " + e.getMessage(), e);
    }
  }

  private static boolean looksLikeWindowsPath(String s) {
    return s.length() > 2 && s.charAt(1) == ':' && (s.charAt(2) == '\\' || s.charAt(2) == '/');
  }

  private static URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new SchemaLoadException("bad classpath URL " + url, e);
    }
  }
}
