package io.modelrunner.app.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.server.Request;

/**
 * Puts the client's address — the peer of the TCP connection, never a header such as {@code
 * X-Forwarded-For} — into the request property {@link HttpHost#CLIENT_ADDRESS}, before any other
 * filter runs. JAX-RS has no notion of it; Jersey's Jetty container injects Jetty's request.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
final class ClientAddressFilter implements ContainerRequestFilter {
  @Inject private Provider<Request> jetty;

  @Override
  public void filter(ContainerRequestContext request) {
    Request current = jetty == null ? null : jetty.get();
    if (current == null) {
      return;
    }
    SocketAddress remote = current.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      request.setProperty(HttpHost.CLIENT_ADDRESS, inet.getAddress());
    }
  }
}
