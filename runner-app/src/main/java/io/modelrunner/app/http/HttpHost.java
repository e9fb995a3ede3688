package io.modelrunner.app.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A Jersey application on the JDK's built-in HTTP server, at {@code /}, with a bounded pool of
 * request threads. {@code TCP_NODELAY} is turned on (unless the operator set {@code
 * sun.net.httpserver.nodelay}): with Nagle's algorithm each small answer waits for the client's
 * delayed ACK, about 40 ms.
 */
public final class HttpHost implements AutoCloseable {
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  /**
   * Jersey warns, once per resource and start, that a resource registered as an instance "does not
   * implement any provider interfaces … will be ignored as a provider", although it serves it as a
   * resource (eclipse-ee4j/jersey#3700). Only that logger is raised to SEVERE; the reference is
   * kept because java.util.logging holds its loggers weakly.
   */
  private static final String JERSEY_PROVIDERS_LOGGER =
      "org.glassfish.jersey.internal.inject.Providers";

  private final HttpServer server;
  private final ExecutorService executor;
  private final JdkHttpHandlerContainer container;
  private final java.util.logging.Logger quietedProvidersLog;

  private HttpHost(
      HttpServer server,
      ExecutorService executor,
      JdkHttpHandlerContainer container,
      java.util.logging.Logger quietedProvidersLog) {
    this.server = server;
    this.executor = executor;
    this.container = container;
    this.quietedProvidersLog = quietedProvidersLog;
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and starts serving {@code application}.
   *
   * @throws UncheckedIOException when the address cannot be bound, naming it
   */
  public static HttpHost start(String host, int port, int threads, ResourceConfig application) {
    Objects.requireNonNull(application, "application");
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
    application
        .property(ServerProperties.WADL_FEATURE_DISABLE, true)
        .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + " (is the port taken?): " + e.getMessage(), e);
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "http-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    java.util.logging.Logger providersLog =
        java.util.logging.Logger.getLogger(JERSEY_PROVIDERS_LOGGER);
    providersLog.setLevel(java.util.logging.Level.SEVERE);
    JdkHttpHandlerContainer container =
        ContainerFactory.createContainer(JdkHttpHandlerContainer.class, application);
    server.createContext("/", container);
    server.start();
    return new HttpHost(server, executor, container, providersLog);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting connections at once; answers in flight get {@code delaySeconds} to finish. */
  public void stopAccepting(int delaySeconds) {
    server.stop(delaySeconds);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    container.getApplicationHandler().onShutdown(container);
  }
}
