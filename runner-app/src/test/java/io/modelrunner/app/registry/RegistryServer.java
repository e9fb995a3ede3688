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
import io.modelrunner.app.http.ProblemMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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

  /**
   * @param adaptersToken null leaves registry writes open
   * @param extra more providers (e.g. a filter simulating failures), may be empty
   */
  public RegistryServer(
      DatabaseConfig db, Clock clock, Duration ttl, String adaptersToken, Object... extra) {
    this.database = Database.open(db);
    this.registry = new ModelRegistry(new RegistryStore(database), clock, ttl);
    var mapper = JsonMappers.standard();
    ProblemMapper problems = new ProblemMapper(mapper);
    ResourceConfig application =
        new ResourceConfig()
            .registerInstances(
                new AuthFilter(
                    new BearerTokens(API_TOKEN),
                    adaptersToken == null ? null : new BearerTokens(adaptersToken),
                    problems),
                problems,
                new RegistryResource(
                    registry,
                    new JsonBodies(mapper, 65536),
                    new JsonResponses(mapper),
                    new SchemaValidator(mapper)));
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
