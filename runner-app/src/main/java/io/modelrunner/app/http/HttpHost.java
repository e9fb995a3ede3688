package io.modelrunner.app.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey application on Jetty 12, at {@code /}. Jetty is NIO: a connection whose request has not
 * fully arrived holds no thread, so slow or idle clients cannot starve the {@code threads} that
 * handle requests. On top of Jetty's idle timeout and header size limit, {@link HttpLimits} adds a
 * deadline for a request's complete headers and for its body ({@link RequestDeadlines}) and limits
 * on open connections, in total and per client address ({@link ConnectionLimits}). Ambiguous paths
 * (an encoded {@code /}, {@code ..} segments and the like) are refused with 400 by Jetty's RFC 3986
 * URI compliance before they reach the application. {@code TCP_NODELAY} is on for accepted
 * connections: with Nagle's algorithm a small answer can wait for the client's delayed ACK, about
 * 40 ms.
 */
public final class HttpHost implements AutoCloseable {
  /** The request property holding the client's {@link InetAddress} (see {@link #clientAddress}). */
  public static final String CLIENT_ADDRESS = "io.modelrunner.app.http.client-address";

  /**
   * Jersey warns, once per resource and start, that a resource registered as an instance "does not
   * implement any provider interfaces … will be ignored as a provider", although it serves it as a
   * resource (eclipse-ee4j/jersey#3700). Only that logger is raised to SEVERE; the reference is
   * kept because java.util.logging holds its loggers weakly.
   */
  private static final String JERSEY_PROVIDERS_LOGGER =
      "org.glassfish.jersey.internal.inject.Providers";

  /** The most of an unread request body read and dropped to keep its connection (1 MiB). */
  private static final long DRAIN_BYTES = 1 << 20;

  /** How long {@link #close()} lets requests in flight finish. */
  private static final long STOP_MILLIS = 5_000;

  private final Server server;
  private final ServerConnector connector;
  private final RequestDeadlines deadlines;
  private final ConnectionLimits limits;
  private final java.util.logging.Logger quietedProvidersLog;

  private HttpHost(
      Server server,
      ServerConnector connector,
      RequestDeadlines deadlines,
      ConnectionLimits limits,
      java.util.logging.Logger quietedProvidersLog) {
    this.server = server;
    this.connector = connector;
    this.deadlines = deadlines;
    this.limits = limits;
    this.quietedProvidersLog = quietedProvidersLog;
  }

  /** {@link #start(String, int, int, HttpLimits, ResourceConfig)} with the default limits. */
  public static HttpHost start(String host, int port, int threads, ResourceConfig application) {
    return start(host, port, threads, HttpLimits.defaults(), application);
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and starts serving {@code application} with
   * {@code threads} request threads.
   *
   * @throws UncheckedIOException when the address cannot be bound, naming it
   */
  public static HttpHost start(
      String host, int port, int threads, HttpLimits httpLimits, ResourceConfig application) {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(httpLimits, "httpLimits");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    application
        .property(ServerProperties.WADL_FEATURE_DISABLE, true)
        .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
        .registerInstances(new ClientAddressFilter(), new ConnectionHygiene(DRAIN_BYTES));
    java.util.logging.Logger providersLog =
        java.util.logging.Logger.getLogger(JERSEY_PROVIDERS_LOGGER);
    providersLog.setLevel(java.util.logging.Level.SEVERE);

    // One thread accepts, one selects; the others parse and handle requests.
    QueuedThreadPool pool = new QueuedThreadPool(threads + 2, Math.min(threads + 2, 4));
    pool.setName("http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    Server server = new Server(pool);
    server.setStopTimeout(STOP_MILLIS);
    JettyErrors errors = new JettyErrors(DRAIN_BYTES);
    server.setErrorHandler(errors);

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(httpLimits.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // AmbiguousPaths applies UriCompliance.DEFAULT itself, where it can drain the refused body
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setIdleTimeout(httpLimits.idleTimeout().toMillis());

    ConnectionLimits limits =
        new ConnectionLimits(httpLimits.maxConnections(), httpLimits.maxConnectionsPerClient());
    ServerConnector connector = limits.connector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(httpLimits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(256);
    connector.setAcceptedTcpNoDelay(true);
    // On stop, kept-alive connections with nothing in flight close after this idle time (Jetty's
    // default, 1 s, would delay every stop by it).
    connector.setShutdownIdleTimeout(200);
    RequestDeadlines deadlines =
        new RequestDeadlines(
            httpLimits.headerTimeout(), httpLimits.bodyTimeout(), httpLimits.bodyMinRate());
    connector.addEventListener(deadlines);
    server.addConnector(connector);

    JettyHttpContainer container =
        ContainerFactory.createContainer(JettyHttpContainer.class, application);
    server.setHandler(
        new GracefulHandler(
            deadlines.handler(new AmbiguousPaths(container, UriCompliance.DEFAULT, errors))));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      IOException io =
          e instanceof IOException already
              ? already
              : new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + " (is the port taken?): " + io.getMessage(),
          io);
    }
    deadlines.start();
    return new HttpHost(server, connector, deadlines, limits, providersLog);
  }

  /**
   * The client's address as the TCP connection has it (never taken from a header), or null when the
   * request did not come through an {@link HttpHost}.
   */
  public static InetAddress clientAddress(ContainerRequestContext request) {
    return request.getProperty(CLIENT_ADDRESS) instanceof InetAddress address ? address : null;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Whether accepted connections have {@code TCP_NODELAY} (no Nagle delay on small answers). */
  public boolean tcpNoDelay() {
    return connector.getAcceptedTcpNoDelay();
  }

  /** Connections open now. */
  public int openConnections() {
    return limits.open();
  }

  /**
   * Stops accepting connections at once; answers in flight get {@code delaySeconds} to finish, then
   * everything stops.
   */
  public void stopAccepting(int delaySeconds) {
    server.setStopTimeout(Math.max(0, delaySeconds) * 1000L);
    close();
  }

  /** Stops accepting at once, lets answers in flight finish (up to 5 s), then stops. */
  @Override
  public void close() {
    deadlines.stop();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP server: " + e.getMessage(), e);
    }
  }
}
