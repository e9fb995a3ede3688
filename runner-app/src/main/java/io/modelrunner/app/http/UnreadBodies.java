package io.modelrunner.app.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what is left of a request body that was answered without being read — a 404 for an unknown
 * registry id, a 415, a 401 — so that the connection can carry the client's next request. The JDK's
 * HTTP server closes a connection whose request body was not read to its end (it drains only 64 KiB
 * itself), without telling the client, whose next request on that connection then gets no answer at
 * all. At most {@code budget} bytes are read; a longer body gets {@code Connection: close} on its
 * answer, so that the client opens a new connection for the next request.
 */
public final class UnreadBodies implements ContainerResponseFilter {
  private final long budget;

  /**
   * @param budget the most bytes read from an unread body (e.g. four times the body limit, as
   *     {@link JsonBodies} drains a body that is too large)
   */
  public UnreadBodies(long budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("budget must not be negative: " + budget);
    }
    this.budget = budget;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    InputStream body;
    try {
      body = request.getEntityStream();
    } catch (RuntimeException e) {
      return;
    }
    if (body == null) {
      return;
    }
    byte[] buffer = new byte[8192];
    long left = budget;
    try {
      int n;
      while ((n = body.read(buffer, 0, (int) Math.max(1, Math.min(buffer.length, left)))) != -1) {
        left -= n;
        if (left < 0) {
          response.getHeaders().putSingle("Connection", "close");
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // read to its end or closed by the resource already, or the client went away
    }
  }
}
