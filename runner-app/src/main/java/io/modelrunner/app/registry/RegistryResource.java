package io.modelrunner.app.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelrunner.api.adapter.Registration;
import io.modelrunner.api.adapter.RegistryEntry;
import io.modelrunner.api.schema.JsonSchema;
import io.modelrunner.api.schema.SchemaLoadException;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.api.schema.ValidationError;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.http.Access;
import io.modelrunner.app.http.Caller;
import io.modelrunner.app.http.JsonBodies;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry over HTTP, wire-compatible with the deployed Model-Registry
 * (MultiModelling/Model-Registry) that adapters register with (docs/adapter-api.md § Registry).
 * Every path answers with and without a trailing slash:
 *
 * <ul>
 *   <li>{@code GET /registry/}: every entry, in registration order;
 *   <li>{@code POST /registry/}: register — upsert by {@code uri} (a new entry gets a new UUID id,
 *       whatever {@code id} the body has; an existing one keeps its id); answers 200 with the
 *       stored entry;
 *   <li>{@code GET /registry/{id}}, {@code PUT /registry/{id}} (a full update and a heartbeat;
 *       200), {@code DELETE /registry/{id}} (204): 404 for an unknown id;
 *   <li>{@code POST /registry/search}: the entries matching every given field (strings
 *       case-insensitively);
 *   <li>{@code GET /registry/{id}/liveness}: whether the entry is refreshed within {@code
 *       registry.ttl} (not part of the deployed registry: its entries carry no such field).
 * </ul>
 *
 * Bodies are checked against {@code model-runner/service/registry-entry.schema.json} and {@code
 * registry-search.schema.json}: malformed JSON gets 400, a body that breaks the schema (an unknown
 * field, a wrong type, a missing field) 422, each with JSON pointers naming the fields; a body that
 * is not JSON by its {@code Content-Type} 415; a {@code uri} that is not an absolute URI 422; a
 * {@code uri} that another entry has (on PUT) 409; an http(s) {@code uri} whose host {@link
 * AdapterHosts} refuses 422 (pointer {@code /uri}).
 *
 * <p>Who may write: reads and search are {@link Access.Level#OPEN}; register, update and delete are
 * {@link Access.Level#REGISTRY_WRITE}, which {@code AuthFilter} checks (the registry token, or a
 * client inside {@code registry.trusted-networks}). On top of that, an existing entry may be
 * changed or deleted only by the client address that registered it, or with the registry token
 * ({@link ModelRegistry#register(Registration, Caller)}); anyone else gets 403 naming the rule.
 */
@Path("/registry")
@Produces(MediaType.APPLICATION_JSON)
public final class RegistryResource {
  /** The classpath location of the schema that POST and PUT bodies must match. */
  public static final String ENTRY_SCHEMA = "model-runner/service/registry-entry.schema.json";

  /** The classpath location of the schema that search bodies must match. */
  public static final String SEARCH_SCHEMA = "model-runner/service/registry-search.schema.json";

  private static final Logger LOG = LoggerFactory.getLogger(RegistryResource.class);

  private final ModelRegistry registry;
  private final JsonBodies bodies;
  private final JsonResponses responses;
  private final JsonSchema entrySchema;
  private final JsonSchema searchSchema;
  private final AdapterHosts adapterHosts;
  private final ObjectMapper mapper;

  /**
   * Loads the registry schemas from the classpath with {@code validator}; adapter hosts are checked
   * against the always-refused ones only.
   */
  public RegistryResource(
      ModelRegistry registry,
      JsonBodies bodies,
      JsonResponses responses,
      SchemaValidator validator) {
    this(registry, bodies, responses, validator, AdapterHosts.of(java.util.Set.of()));
  }

  /** Loads the registry schemas from the classpath with {@code validator}. */
  public RegistryResource(
      ModelRegistry registry,
      JsonBodies bodies,
      JsonResponses responses,
      SchemaValidator validator,
      AdapterHosts adapterHosts) {
    this(
        registry,
        bodies,
        responses,
        Objects.requireNonNull(validator, "validator").load(classpath(ENTRY_SCHEMA)),
        validator.load(classpath(SEARCH_SCHEMA)),
        adapterHosts);
  }

  public RegistryResource(
      ModelRegistry registry,
      JsonBodies bodies,
      JsonResponses responses,
      JsonSchema entrySchema,
      JsonSchema searchSchema,
      AdapterHosts adapterHosts) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.bodies = Objects.requireNonNull(bodies, "bodies");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.entrySchema = Objects.requireNonNull(entrySchema, "entrySchema");
    this.searchSchema = Objects.requireNonNull(searchSchema, "searchSchema");
    this.adapterHosts = Objects.requireNonNull(adapterHosts, "adapterHosts");
    this.mapper = bodies.mapper();
  }

  @GET
  @Access(Access.Level.OPEN)
  public Response list() {
    return responses.ok(database(registry::list));
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Access(Access.Level.REGISTRY_WRITE)
  public Response register(
      @HeaderParam("Content-Type") String contentType,
      InputStream body,
      @Context ContainerRequestContext request) {
    Caller caller = caller(request);
    Registration registration = registration(contentType, body);
    try {
      RegistryEntry stored = database(() -> registry.register(registration, caller));
      return responses.ok(stored);
    } catch (NotOwnerException e) {
      throw ProblemException.forbidden(
          e.getMessage(),
          List.of(new ValidationError("/uri", "is registered by another client address")));
    }
  }

  @POST
  @Path("search")
  @Consumes(MediaType.WILDCARD)
  @Access(Access.Level.OPEN)
  public Response search(@HeaderParam("Content-Type") String contentType, InputStream body) {
    requireJson(contentType);
    JsonNode criteria = bodies.readObject(body);
    requireValid(searchSchema, criteria, "invalid registry search");
    return responses.ok(database(() -> registry.search(criteria)));
  }

  @GET
  @Path("{id}")
  @Access(Access.Level.OPEN)
  public Response get(@PathParam("id") String id) {
    String key = id(id);
    return responses.ok(database(() -> registry.get(key)).orElseThrow(() -> notFound(id)));
  }

  /**
   * Whether entry {@code id} is live: refreshed within {@code registry.ttl}, and whether entries
   * that are not live are still used ({@code registry.live-only}).
   */
  @GET
  @Path("{id}/liveness")
  @Access(Access.Level.OPEN)
  public Response liveness(@PathParam("id") String id) {
    String key = id(id);
    RegistryEntry entry = database(() -> registry.get(key)).orElseThrow(() -> notFound(id));
    ObjectNode answer = mapper.createObjectNode();
    answer.put("id", entry.id());
    answer.put("live", registry.isLive(entry));
    answer.put("last_seen", entry.lastSeen().toString());
    answer.put("ttl", registry.liveness().ttl().toString());
    answer.put("live_only", registry.liveness().liveOnly());
    return responses.ok(answer);
  }

  /** A full update of entry {@code id}, and a heartbeat: {@code last_seen} becomes now. */
  @PUT
  @Path("{id}")
  @Consumes(MediaType.WILDCARD)
  @Access(Access.Level.REGISTRY_WRITE)
  public Response replace(
      @PathParam("id") String id,
      @HeaderParam("Content-Type") String contentType,
      InputStream body,
      @Context ContainerRequestContext request) {
    Caller caller = caller(request);
    String key = id(id);
    Registration registration = registration(contentType, body);
    try {
      RegistryEntry stored =
          database(() -> registry.replace(key, registration, caller))
              .orElseThrow(() -> notFound(id));
      return responses.ok(stored);
    } catch (UriTakenException e) {
      throw ProblemException.conflict(
          e.getMessage(), List.of(new ValidationError("/uri", "another entry has this uri")));
    } catch (NotOwnerException e) {
      throw ProblemException.forbidden(e.getMessage(), List.of());
    }
  }

  @DELETE
  @Path("{id}")
  @Access(Access.Level.REGISTRY_WRITE)
  public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request) {
    Caller caller = caller(request);
    String key = id(id);
    try {
      if (!database(() -> registry.delete(key, caller))) {
        throw notFound(id);
      }
    } catch (NotOwnerException e) {
      throw ProblemException.forbidden(e.getMessage(), List.of());
    }
    return Response.noContent().build();
  }

  /**
   * The caller that {@code AuthFilter} let through; refused (403) when there is none, which only
   * happens when this resource is served without {@code AuthFilter}.
   */
  private static Caller caller(ContainerRequestContext request) {
    if (request != null && request.getProperty(Caller.PROPERTY) instanceof Caller caller) {
      return caller;
    }
    throw ProblemException.forbidden(
        "registry writes are refused: the caller could not be identified", List.of());
  }

  /**
   * Reads, checks and binds a POST or PUT body. Its {@code id} and {@code last_seen} are ignored,
   * as the deployed registry ignores them: the registry gives ids, and {@code last_seen} is when it
   * heard from the adapter.
   */
  private Registration registration(String contentType, InputStream body) {
    requireJson(contentType);
    JsonNode node = bodies.readObject(body);
    requireValid(entrySchema, node, "invalid registry entry");
    ObjectNode fields = ((ObjectNode) node).deepCopy();
    fields.remove("id");
    fields.remove("last_seen");
    List<ValidationError> stored = storable(fields);
    if (!stored.isEmpty()) {
      throw ProblemException.unprocessable(
          "invalid registry entry: "
              + stored.stream().map(ValidationError::toString).collect(Collectors.joining("; ")),
          stored);
    }
    String uri = fields.path("uri").asText();
    if (!isAbsoluteUri(uri)) {
      throw ProblemException.unprocessable(
          "invalid registry entry: /uri: not an absolute URI",
          List.of(
              new ValidationError(
                  "/uri", "must be an absolute URI (scheme:...), e.g. http://host:port")));
    }
    if (!isHttp(uri)) {
      // any scheme may be registered (the deployed registry's own tests use mqtt://); only http(s)
      // entries are ever called, so only their hosts are checked
      return bind(fields);
    }
    if (!isAbsoluteHttpUri(uri)) {
      throw ProblemException.unprocessable(
          "invalid registry entry: /uri: not an http(s) URL the service can call",
          List.of(
              new ValidationError(
                  "/uri", "must be an http or https URL with a host and no query or fragment")));
    }
    java.util.Optional<String> refused = adapterHosts.refusal(uri);
    if (refused.isPresent()) {
      throw ProblemException.unprocessable(
          "invalid registry entry: /uri: " + refused.get(),
          List.of(new ValidationError("/uri", refused.get())));
    }
    return bind(fields);
  }

  private Registration bind(ObjectNode fields) {
    try {
      return mapper.treeToValue(fields, Registration.class);
    } catch (Exception e) {
      // the schema admits only what binds; this is a last line of defence against a 500, and
      // Jackson's message (which speaks of Java classes) stays in the log
      LOG.debug("registry entry not bound: {}", e.toString());
      throw ProblemException.unprocessable(
          "invalid registry entry: it does not bind to an entry",
          List.of(new ValidationError("", "is not an entry the registry can store")));
    }
  }

  /** The longest value of each text column of {@code registry_entry}, in UTF-16 code units. */
  private static final java.util.Map<String, Integer> COLUMNS =
      java.util.Map.of("name", 200, "version", 200, "owner", 200, "uri", 2000);

  /**
   * The text fields that the database could not store as they are: longer than their column when
   * counted as the database counts (UTF-16 code units: the schema's maxLength counts an emoji as
   * one character, H2 as two), or holding U+0000 (which PostgreSQL cannot store).
   */
  private static List<ValidationError> storable(JsonNode fields) {
    List<ValidationError> errors = new java.util.ArrayList<>();
    COLUMNS.forEach(
        (name, max) -> {
          JsonNode value = fields.path(name);
          if (!value.isTextual()) {
            return;
          }
          if (value.textValue().length() > max) {
            errors.add(
                new ValidationError(
                    "/" + name,
                    "must be at most "
                        + max
                        + " characters long (a character such as an emoji counts as 2), not "
                        + value.textValue().length()));
          } else if (value.textValue().indexOf(0) >= 0) {
            errors.add(new ValidationError("/" + name, "must not contain the character U+0000"));
          }
        });
    errors.sort(java.util.Comparator.comparing(ValidationError::pointer));
    return errors;
  }

  private static boolean isAbsoluteUri(String uri) {
    try {
      return new URI(uri).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isHttp(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    return lower.startsWith("http:") || lower.startsWith("https:");
  }

  private static boolean isAbsoluteHttpUri(String uri) {
    try {
      URI parsed = new URI(uri);
      // getHost() would refuse host names with underscores (docker-compose service names),
      // which the existing registry and its orchestrator accept
      return parsed.isAbsolute()
          && parsed.getRawAuthority() != null
          && parsed.getRawQuery() == null
          && parsed.getRawFragment() == null
          && parsed.getRawUserInfo() == null
          && List.of("http", "https").contains(parsed.getScheme().toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void requireValid(JsonSchema schema, JsonNode document, String what) {
    List<ValidationError> errors = schema.validate(document);
    if (!errors.isEmpty()) {
      throw ProblemException.unprocessable(
          what
              + ": "
              + errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")),
          errors);
    }
  }

  /** Bodies without a Content-Type are read as JSON (as {@code curl -d} sends them). */
  private static void requireJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw ProblemException.unsupportedMediaType(
          "send the registry entry as application/json, not " + type);
    }
  }

  /**
   * An entry id as given; one too long to be an id the registry gives (a UUID) is an unknown id,
   * not looked up.
   */
  private static String id(String text) {
    if (text.length() > 100) {
      throw notFound(text);
    }
    return text;
  }

  private static ProblemException notFound(String id) {
    String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
    return ProblemException.notFound("no registry entry " + shown);
  }

  /** Runs a database call; an unusable database is a 503 the registrars retry, not a 500. */
  private static <T> T database(Supplier<T> call) {
    try {
      return call.get();
    } catch (DatabaseException e) {
      LOG.warn("model registry: {}", e.getMessage());
      throw ProblemException.unavailable(
          "the registry's database is unavailable; retry shortly", 5);
    }
  }

  private static URI classpath(String resource) {
    URL url = RegistryResource.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new SchemaLoadException("schema " + resource + " is missing from the classpath", null);
    }
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new SchemaLoadException("bad classpath URL " + url, e);
    }
  }
}
