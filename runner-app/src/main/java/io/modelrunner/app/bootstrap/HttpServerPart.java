package io.modelrunner.app.bootstrap;

import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServerSection;
import io.modelrunner.app.http.HttpHost;
import java.io.UncheckedIOException;
import java.util.List;
import org.glassfish.jersey.server.ResourceConfig;

/** The HTTP server of the API: listens when started, closes its connections when stopped. */
final class HttpServerPart implements Managed {
  private final ServerSection server;
  private final ResourceConfig application;
  private volatile HttpHost http;

  HttpServerPart(ServerSection server, ResourceConfig application) {
    this.server = server;
    this.application = application;
  }

  /**
   * @throws ConfigException when the address cannot be bound
   */
  @Override
  public void start() {
    try {
      http =
          HttpHost.start(
              server.host(), server.port(), server.threads(), server.httpLimits(), application);
    } catch (UncheckedIOException e) {
      throw new ConfigException(List.of("server.port: " + e.getMessage()));
    }
  }

  @Override
  public void stop() {
    http.close();
  }

  /** The port it listens on (the one chosen when {@code server.port} is 0). */
  int port() {
    return http.port();
  }
}
