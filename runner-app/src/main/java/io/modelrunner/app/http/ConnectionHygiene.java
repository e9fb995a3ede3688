package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps kept-alive connections usable whatever the application did with a request, and cheap to
 * answer on:
 *
 * <ul>
 *   <li>A request body that the application answered without reading (a 404 for an unknown id, a
 *       cancel that takes no body) is read and dropped, up to {@code drainBytes}, before the answer
 *       is sent. Otherwise Jetty, finding the body unread once the answer is complete, closes the
 *       connection without having said so in the answer, and a client that sends its next request
 *       on it sees the connection closed. A refused caller (401, 403) is not worth reading a body
 *       for: its answer says {@code Connection: close} instead, as does an answer whose body could
 *       not be drained within the budget or the body deadline;
 *   <li>an entity that is a byte array (every answer of this service but artifact downloads) gets
 *       its {@code Content-Length}, so that the answer goes out in one write instead of chunks.
 * </ul>
 */
@Priority(Integer.MAX_VALUE)
final class ConnectionHygiene implements ContainerResponseFilter {
  private final long drainBytes;

  ConnectionHygiene(long drainBytes) {
    this.drainBytes = drainBytes;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof byte[] bytes
        && !response.getHeaders().containsKey("Content-Length")) {
      response.getHeaders().putSingle("Content-Length", Integer.toString(bytes.length));
    }
    if (!hasBody(request)) {
      return;
    }
    int status = response.getStatus();
    if (status == 401 || status == 403 || !drain(request.getEntityStream())) {
      response.getHeaders().putSingle("Connection", "close");
    }
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString("Content-Length");
    if (length != null) {
      return !length.trim().equals("0");
    }
    return request.getHeaderString("Transfer-Encoding") != null;
  }

  /** Reads what is left of the body; false when more than the budget is left, or on failure. */
  private boolean drain(InputStream body) {
    if (body == null) {
      return true;
    }
    byte[] buffer = new byte[8192];
    long budget = drainBytes;
    try {
      int n;
      while ((n = body.read(buffer, 0, (int) Math.min(buffer.length, budget + 1))) != -1) {
        budget -= n;
        if (budget < 0) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
