package io.modelrunner.core.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelrunner.api.json.JsonMappers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for the web application: a real HTTP server on loopback that records every callback
 * (path, headers, JSON body and its exact bytes) and answers as a test tells it to.
 */
public final class WebAppSink implements AutoCloseable {
  /** One received callback. */
  public record Received(
      String method,
      String path,
      String authorization,
      String contentType,
      JsonNode body,
      byte[] rawBody,
      Map<String, String> headers) {
    public String status() {
      return body.path("status").asText();
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What to answer. */
  public record Answer(int status, String body) {
    public static Answer ok() {
      return new Answer(200, "");
    }

    public static Answer cancel() {
      return new Answer(200, "{\"action\":\"cancel\"}");
    }
  }

  private static final ObjectMapper MAPPER = JsonMappers.standard();

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile Function<Received, Answer> answers = r -> Answer.ok();

  public WebAppSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The callbackURL to put in requests, e.g. {@code http://127.0.0.1:43121}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void answer(Function<Received, Answer> answers) {
    this.answers = answers;
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> statuses() {
    return received().stream().map(Received::status).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    JsonNode body = bytes.length == 0 ? MAPPER.nullNode() : MAPPER.readTree(bytes);
    Map<String, String> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    Received r =
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body,
            bytes,
            Map.copyOf(headers));
    synchronized (this) {
      received.add(r);
    }
    Answer answer = answers.apply(r);
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
