package io.modelrunner.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before the application sees a request — a malformed or ambiguous
 * request line (400), headers over {@code server.max-header-bytes} (431), a request while stopping
 * (503) — as {@code application/problem+json}, like every other error of the service. They never
 * say more than which rule was broken. A 400 or 404 is sent once what arrived of the request's body
 * has been read and dropped, up to {@code drainBytes} ({@link BodyDrain}).
 */
final class JettyErrors implements Request.Handler {
  private final ObjectMapper mapper = new ObjectMapper();
  private final long drainBytes;

  JettyErrors(long drainBytes) {
    this.drainBytes = drainBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code) {
      status = code;
    }
    if (status < 400) {
      status = 500;
    }
    answer(request, response, callback, status);
    return true;
  }

  /** Answers {@code status} as a problem; the connection closes after it unless it is a 404. */
  void answer(Request request, Response response, Callback callback, int status) {
    String title = HttpStatus.getMessage(status);
    String detail =
        switch (status) {
          case 400 ->
              "the request is malformed: for example an ambiguous path (an encoded / or ., an empty"
                  + " segment) or a bad header";
          case 404 -> "no such resource; see /openapi.yaml";
          case 408 -> "the request did not arrive in time";
          case 413 -> "the request is too large";
          case 414 -> "the request line is longer than server.max-header-bytes";
          case 431 -> "the request headers are larger than server.max-header-bytes";
          case 503 -> "the service is stopping; retry shortly";
          default -> status >= 500 ? "internal error; see the service log" : title;
        };
    ObjectNode body = mapper.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (Exception e) {
      bytes = new byte[0];
    }
    response.setStatus(status);
    if (status == 400 || status == 408 || status == 413 || status == 414 || status == 431) {
      // Jetty closes the connection after a request it could not take; say so, or a client that
      // keeps connections alive sends its next request into a closed one and gets no answer.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    ByteBuffer answer = ByteBuffer.wrap(bytes);
    if (status == 400 || status == 404) {
      // a well-framed request that is refused: its body may still be arriving
      new BodyDrain(request, drainBytes, () -> response.write(true, answer, callback)).run();
    } else {
      // too slow (408), too large (413, 414, 431), stopping (503): not worth waiting for
      response.write(true, answer, callback);
    }
  }
}
