package io.modelrunner.adapter.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.modelrunner.api.adapter.ModelRunInfo;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared frame of the adapter's HTTP handlers: every answer, errors included, is the usual JSON
 * shape; an unmatched path is a 404 and a wrong method a 405 with {@code Allow}; a fault in our
 * code is logged and answered 500 without its stack trace; the exchange is always closed.
 *
 * <p>The adapter serves a handful of fixed routes, so it uses the JDK's {@code HttpHandler}s
 * directly rather than a JAX-RS runtime: the benchmarks measured Jersey and HK2 at about half of
 * the adapter's CPU per call (docs/performance.md, part 3).
 */
abstract class JsonHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);

  /** A route's answer to a method it does not serve. */
  static final class MethodNotAllowed extends RuntimeException {
    private final String allow;

    MethodNotAllowed(String allow) {
      super(null, null, false, false);
      this.allow = allow;
    }
  }

  protected final JsonResponses responses;

  JsonHandler(JsonResponses responses) {
    this.responses = Objects.requireNonNull(responses, "responses");
  }

  /**
   * Answers {@code exchange}; {@code path} is the raw request path below this handler's context,
   * without a trailing slash ({@code ""} for the context itself). Returns false when no route
   * matches.
   */
  abstract boolean serve(HttpExchange exchange, String path) throws IOException;

  @Override
  public final void handle(HttpExchange exchange) throws IOException {
    try {
      String contextPath = exchange.getHttpContext().getPath();
      String path = exchange.getRequestURI().getRawPath();
      String below =
          path.length() > contextPath.length() ? path.substring(contextPath.length()) : "";
      if (!contextPath.endsWith("/") && !below.isEmpty() && !below.startsWith("/")) {
        notFound(exchange); // "/modelx" is not below the context "/model"
        return;
      }
      if (below.endsWith("/")) {
        below = below.substring(0, below.length() - 1);
      }
      if (below.startsWith("/")) {
        below = below.substring(1);
      }
      if (!serve(exchange, below)) {
        notFound(exchange);
      }
    } catch (MethodNotAllowed e) {
      exchange.getResponseHeaders().set("Allow", e.allow);
      responses.send(
          exchange,
          405,
          ModelRunInfo.error(null, "method not allowed on this endpoint; see /openapi.yaml"));
    } catch (RuntimeException e) {
      LOG.error("unexpected failure while answering a request", e);
      if (exchange.getResponseCode() == -1) {
        responses.send(
            exchange, 500, ModelRunInfo.error(null, "internal error; see the adapter's log"));
      }
    } finally {
      exchange.close();
    }
  }

  private void notFound(HttpExchange exchange) throws IOException {
    responses.send(exchange, 404, ModelRunInfo.error(null, "no such endpoint; see /openapi.yaml"));
  }

  /** Throws {@link MethodNotAllowed} unless the request is a GET (or a HEAD when allowed). */
  static void requireGet(HttpExchange exchange, boolean headToo) {
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !(headToo && method.equals("HEAD"))) {
      throw new MethodNotAllowed(headToo ? "GET, HEAD" : "GET");
    }
  }

  static void requirePost(HttpExchange exchange) {
    if (!exchange.getRequestMethod().equals("POST")) {
      throw new MethodNotAllowed("POST");
    }
  }
}
