package io.modelrunner.app.registry;

import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.api.schema.SchemaValidator;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseConfig;
import io.modelrunner.app.http.AuthFilter;
import io.modelrunner.app.http.BearerTokens;
import io.modelrunner.app.http.HttpHost;
import io.modelrunner.app.http.JsonBodies;
import io.modelrunner.app.http.JsonResponses;
import io.modelrunner.app.http.Networks;
import io.modelrunner.app.http.ProblemMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The registry as the service serves it, for tests: a database, a {@link ModelRegistry}, and the
 * {@link RegistryResource} behind the {@link AuthFilter} on a loopback port.
 */
public final class RegistryServer implements AutoCloseable {
  public static final String API_TOKEN = "api-token-for-tests";

  public final Database database;
  public final ModelRegistry registry;
  private final HttpHost http;

  /** The default of {@code registry.trusted-networks}. */
  public static final Networks DEFAULT_TRUSTED =
      Networks.parse(
          List.of(
              "127.0.0.0/8",
              "::1/128",
              "10.0.0.0/8",
              "172.16.0.0/12",
              "192.168.0.0/16",
              "fc00::/7"));

  /**
   * @param adaptersToken null: registry writes from the default trusted networks, by owner
   * @param extra more providers (e.g. a filter simulating failures), may be empty
   */
  public RegistryServer(
      DatabaseConfig db, Clock clock, Duration ttl, String adaptersToken, Object... extra) {
    this(db, clock, ttl, adaptersToken, DEFAULT_TRUSTED, extra);
  }

  /**
   * @param adaptersToken null: registry writes from {@code trusted}, by owner
   * @param trusted {@code registry.trusted-networks}
   * @param extra more providers (e.g. a filter simulating failures), may be empty
   */
  public RegistryServer(
      DatabaseConfig db,
      Clock clock,
      Duration ttl,
      String adaptersToken,
      Networks trusted,
      Object... extra) {
    this(db, clock, ttl, adaptersToken, trusted, AdapterHosts.of(java.util.Set.of()), extra);
  }

  /**
   * @param adaptersToken null: registry writes from {@code trusted}, by owner
   * @param trusted {@code registry.trusted-networks}
   * @param hosts the adapter hosts check ({@code registry.allowed-adapter-hosts})
   * @param extra more providers (e.g. a filter simulating failures), may be empty
   */
  public RegistryServer(
      DatabaseConfig db,
      Clock clock,
      Duration ttl,
      String adaptersToken,
      Networks trusted,
      AdapterHosts hosts,
      Object... extra) {
    this(db, clock, new Liveness(ttl, false), adaptersToken, trusted, hosts, extra);
  }

  /**
   * @param liveness {@code registry.ttl} and {@code registry.live-only}
   * @param adaptersToken null: registry writes from {@code trusted}, by owner
   * @param trusted {@code registry.trusted-networks}
   * @param hosts the adapter hosts check ({@code registry.allowed-adapter-hosts})
   * @param extra more providers (e.g. a filter simulating failures), may be empty
   */
  public RegistryServer(
      DatabaseConfig db,
      Clock clock,
      Liveness liveness,
      String adaptersToken,
      Networks trusted,
      AdapterHosts hosts,
      Object... extra) {
    this.database = Database.open(db);
    this.registry = new ModelRegistry(new RegistryStore(database), clock, liveness);
    var mapper = JsonMappers.standard();
    ProblemMapper problems = new ProblemMapper(mapper);
    ResourceConfig application =
        new ResourceConfig()
            .registerInstances(
                new AuthFilter(
                    new BearerTokens(API_TOKEN),
                    adaptersToken == null ? null : new BearerTokens(adaptersToken),
                    trusted,
                    problems),
                problems,
                new RegistryResource(
                    registry,
                    new JsonBodies(mapper, 65536),
                    new JsonResponses(mapper),
                    new SchemaValidator(mapper),
                    hosts),
                new StatusResource());
    for (Object provider : extra) {
      application.registerInstances(provider);
    }
    HttpHost started;
    try {
      started = HttpHost.start("127.0.0.1", 0, 8, application);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    this.http = started;
  }

  public int port() {
    return http.port();
  }

  /** {@code http://127.0.0.1:<port>}: what an adapter is given as its registry. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + http.port());
  }

  @Override
  public void close() {
    try {
      http.close();
    } finally {
      database.close();
    }
  }
}
