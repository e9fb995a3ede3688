package io.modelrunner.app.bootstrap;

import io.modelrunner.app.config.ConfigException;
import io.modelrunner.app.config.ServiceConfig;
import io.modelrunner.app.service.RunService;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code model-runner serve}, as {@link Application#serve} started it: where it
 * listens, its node id and token; {@link #close()} stops it gracefully.
 */
public final class RunnerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerServer.class);

  private final ServiceConfig config;
  private final String nodeId;
  private final String apiToken;
  private final RunService runs;
  private final int port;
  private final Lifecycle lifecycle;
  private boolean closed;

  RunnerServer(
      ServiceConfig config,
      String nodeId,
      String apiToken,
      RunService runs,
      int port,
      Lifecycle lifecycle) {
    this.config = config;
    this.nodeId = nodeId;
    this.apiToken = apiToken;
    this.runs = runs;
    this.port = port;
    this.lifecycle = lifecycle;
  }

  /**
   * {@code new Application(environment).serve(config)}.
   *
   * @throws ConfigException on a bad configuration or an unusable dependency
   */
  public static RunnerServer start(ServiceConfig config, Map<String, String> environment) {
    return new Application(environment).serve(config);
  }

  public int port() {
    return port;
  }

  /** {@code http://<host>:<port>}. */
  public URI baseUri() {
    String host = config.server().host().equals("0.0.0.0") ? "127.0.0.1" : config.server().host();
    return URI.create("http://" + host + ":" + port());
  }

  public String nodeId() {
    return nodeId;
  }

  /** The runs API's bearer token (configured or generated). */
  public String apiToken() {
    return apiToken;
  }

  public ServiceConfig config() {
    return config;
  }

  public RunService runs() {
    return runs;
  }

  /**
   * Graceful shutdown: stops accepting runs, lets running ones finish for {@code shutdown.grace},
   * stops serving, and stops every part in the reverse order of their start — except, when runs are
   * still going after the grace, the engine and the database (closing the engine would kill their
   * containers; the next start reattaches to them). Models running as local processes are killed
   * then: they cannot be reattached.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lifecycle.stop();
    LOG.info("model-runner node {} stopped", nodeId);
  }
}
