package io.modelrunner.app.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A web application's callback endpoint on loopback: reads each callback and answers 200. */
final class CallbackReceiver implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger received = new AtomicInteger();

  CallbackReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/callbacks",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
          }
          received.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  /** The URL to put in a request's {@code callbackURL}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks";
  }

  int received() {
    return received.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
