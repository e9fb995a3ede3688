package io.modelrunner.conformance.adapter;

import static io.modelrunner.conformance.adapter.AdapterClauses.DEREGISTERED;
import static io.modelrunner.conformance.adapter.AdapterClauses.HEARTBEAT;
import static io.modelrunner.conformance.adapter.AdapterClauses.REGISTERED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.conformance.Evidence;
import io.modelrunner.conformance.Finding;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Watches the adapter's entry in a model registry (the wire format of docs/adapter-api.md, "The
 * registry as model-runner serves it", which is the deployed Model-Registry's): whether it is there
 * ({@link AdapterClauses#REGISTERED}), refreshed ({@link AdapterClauses#HEARTBEAT}) and gone once
 * the adapter stopped ({@link AdapterClauses#DEREGISTERED}).
 */
final class RegistryProbe {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final URI collection;
  private final String adapterUri;
  private final Duration wait;
  private final ObjectMapper mapper = JsonMappers.standard();

  /**
   * The adapter's entry as first found.
   *
   * @param id the registry's id for it
   * @param lastSeen its {@code last_seen}, as the registry wrote it
   * @param maxWorkers its {@code max_workers}, when it has one
   * @param foundAt when it was read
   * @param evidence the call that found it
   */
  record Entry(
      String id, String lastSeen, OptionalInt maxWorkers, Instant foundAt, Evidence evidence) {}

  private record Answer(int status, String body, Evidence evidence) {}

  RegistryProbe(HttpClient client, URI registry, URI adapterRoot, Duration wait) {
    this.client = client;
    this.collection = collection(registry);
    this.adapterUri = normalized(adapterRoot.toString());
    this.wait = wait;
  }

  /** The collection URL ({@code …/registry/}) of a registry given by its base or collection URL. */
  static URI collection(URI registry) {
    String path = registry.getRawPath() == null ? "" : registry.getRawPath();
    path = path.replaceAll("/+$", "");
    if (!path.endsWith("/registry")) {
      path = path + "/registry";
    }
    return registry.resolve(path + "/");
  }

  /** The adapter's entry in the registry's list, now. */
  Optional<Entry> lookUp() {
    return find(get(collection));
  }

  /**
   * Polls the registry's list until it has an entry whose uri is the adapter's, up to the wait
   * after {@code since}.
   */
  Optional<Entry> awaitEntry(Instant since) {
    Answer list = poll(() -> get(collection), a -> find(a).isPresent(), since.plus(wait));
    return find(list);
  }

  Finding registered(Optional<Entry> entry) {
    return entry
        .map(e -> Finding.pass(REGISTERED, e.evidence()))
        .orElseGet(
            () ->
                Finding.broken(
                    REGISTERED,
                    "no entry of "
                        + collection
                        + " has the uri "
                        + adapterUri
                        + " after "
                        + wait
                        + " (the adapter registers its EXTERNAL_URL: is it the URL checked?)",
                    get(collection).evidence()));
  }

  /** Waits, until the wait after the entry was first found, for its last_seen to change. */
  Finding heartbeat(Optional<Entry> found) {
    if (found.isEmpty()) {
      return Finding.skip(HEARTBEAT, "the adapter is not registered (see " + REGISTERED.id() + ")");
    }
    Entry entry = found.get();
    Answer last =
        poll(
            () -> get(entry(entry.id())),
            a -> a.status() != 200 || !lastSeen(a).equals(entry.lastSeen()),
            entry.foundAt().plus(wait));
    if (last.status() != 200) {
      return Finding.broken(
          HEARTBEAT,
          "the adapter's entry " + entry.id() + " answered HTTP " + last.status() + " while alive",
          last.evidence());
    }
    return lastSeen(last).equals(entry.lastSeen())
        ? Finding.broken(
            HEARTBEAT,
            "last_seen stayed "
                + entry.lastSeen()
                + " for "
                + wait
                + ": the adapter does not heartbeat (PUT …/registry/{id}), so a registry with"
                + " live-only entries drops it",
            last.evidence())
        : Finding.pass(HEARTBEAT, last.evidence());
  }

  /** Stops the adapter, then waits for its entry to go. */
  Finding deregistered(Optional<Entry> found, Optional<AdapterStopper> stopper) {
    if (found.isEmpty()) {
      return Finding.skip(
          DEREGISTERED, "the adapter is not registered (see " + REGISTERED.id() + ")");
    }
    if (stopper.isEmpty()) {
      return Finding.skip(
          DEREGISTERED,
          "the check cannot stop the adapter: a caller that controls its lifecycle gives"
              + " AdapterCheckOptions.withStopper (as the testkit's AdapterConformance does)");
    }
    try {
      stopper.get().stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Finding.skip(DEREGISTERED, "stopping the adapter failed: " + e);
    }
    URI entry = entry(found.get().id());
    Answer last = poll(() -> get(entry), a -> a.status() == 404, Instant.now().plus(wait));
    return last.status() == 404
        ? Finding.pass(DEREGISTERED, last.evidence())
        : Finding.broken(
            DEREGISTERED,
            "the entry was still there "
                + wait
                + " after the adapter stopped: it does not DELETE …/registry/{id} on shutdown",
            last.evidence());
  }

  private Optional<Entry> find(Answer list) {
    if (list.status() != 200) {
      return Optional.empty();
    }
    JsonNode entries = parse(list);
    if (!entries.isArray()) {
      throw new RegistryUnreachableException(
          "GET " + collection + " did not answer a list of entries: is it a model registry?", null);
    }
    for (JsonNode e : entries) {
      if (normalized(e.path("uri").asText("")).equals(adapterUri)
          && !e.path("id").isMissingNode()) {
        JsonNode max = e.path("max_workers");
        return Optional.of(
            new Entry(
                e.path("id").asText(),
                e.path("last_seen").asText(""),
                max.canConvertToInt() && max.isIntegralNumber()
                    ? OptionalInt.of(max.asInt())
                    : OptionalInt.empty(),
                Instant.now(),
                list.evidence()));
      }
    }
    return Optional.empty();
  }

  private String lastSeen(Answer entry) {
    return parse(entry).path("last_seen").asText("");
  }

  private JsonNode parse(Answer answer) {
    try {
      JsonNode node = mapper.readTree(answer.body());
      return node == null ? mapper.missingNode() : node;
    } catch (JsonProcessingException e) {
      return mapper.missingNode();
    }
  }

  private URI entry(String id) {
    return collection.resolve(URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  private static String normalized(String uri) {
    return uri.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
  }

  private Answer get(URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      return new Answer(
          response.statusCode(),
          response.body(),
          new Evidence(
              "GET " + uri,
              "HTTP " + response.statusCode() + " " + contentType + " " + response.body()));
    } catch (IOException e) {
      throw new RegistryUnreachableException(
          "cannot call the registry: GET " + uri + " failed: " + e + " (is --registry right?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnreachableException("interrupted while calling " + uri, e);
    }
  }

  private static Answer poll(Supplier<Answer> call, Predicate<Answer> done, Instant deadline) {
    return Polling.until(call, done, deadline);
  }
}
