package io.modelrunner.app.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection limits: at most {@code maxConnections} open connections, and at most {@code
 * maxConnectionsPerClient} from one client address. A connection over a limit is closed as soon as
 * it is accepted, before it is read from, so the client sees its connection closed (EOF or reset);
 * it never waits in a queue and never takes a thread. Refusals are logged at most once a minute.
 */
final class ConnectionLimits {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final int maxConnections;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

  /** Each counted channel, with its client's address (or {@link #NO_ADDRESS}). */
  private final Map<SelectableChannel, Object> held = new ConcurrentHashMap<>();

  private static final Object NO_ADDRESS = new Object();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  ConnectionLimits(int maxConnections, int maxPerClient) {
    this.maxConnections = maxConnections;
    this.maxPerClient = maxPerClient;
  }

  /** A connector that applies these limits to what it accepts. */
  ServerConnector connector(Server server, ConnectionFactory factory) {
    ServerConnector connector = new LimitedConnector(server, factory);
    connector.addBean(
        new SelectorManager.AcceptListener() {
          @Override
          public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
            release(channel);
          }
        });
    return connector;
  }

  /** Open connections now. */
  int open() {
    return open.get();
  }

  /** Counts {@code channel} in; false (and nothing counted) when that would break a limit. */
  private boolean acquire(SocketChannel channel) throws IOException {
    SocketAddress remote = channel.getRemoteAddress();
    InetAddress client =
        remote instanceof InetSocketAddress inet ? Addresses.unmapped(inet.getAddress()) : null;
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refused("server.max-connections " + maxConnections, client);
      return false;
    }
    if (client != null) {
      boolean[] over = {false};
      perClient.compute(
          client,
          (a, n) -> {
            int count = n == null ? 0 : n;
            if (maxPerClient > 0 && count >= maxPerClient) {
              over[0] = true;
              return n;
            }
            return count + 1;
          });
      if (over[0]) {
        open.decrementAndGet();
        refused("server.max-connections-per-client " + maxPerClient, client);
        return false;
      }
      held.put(channel, client);
    } else {
      held.put(channel, NO_ADDRESS); // no client address: counted in the total only
    }
    return true;
  }

  /** Counts {@code channel} out, once, if it was counted in. */
  private void release(SelectableChannel channel) {
    Object client = held.remove(channel);
    if (client == null) {
      return;
    }
    open.decrementAndGet();
    if (client instanceof InetAddress address) {
      perClient.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  private void refused(String limit, InetAddress client) {
    long count = refused.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      LOG.warn(
          "closed a new connection from {}: over {} ({} refused since start)",
          client == null ? "an unknown address" : Addresses.text(client),
          limit,
          count);
    }
  }

  /** Counts connections in when their end point is made, out when it closes. */
  private final class LimitedConnector extends ServerConnector {
    LimitedConnector(Server server, ConnectionFactory factory) {
      // One acceptor thread, so that stopping closes the listening socket at once (with none,
      // Jetty closes it only after the graceful wait); one selector.
      super(server, 1, 1, factory);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(
        SocketChannel channel, ManagedSelector selector, SelectionKey key) throws IOException {
      if (!acquire(channel)) {
        // ManagedSelector closes the channel and tells the accept listeners; logged at DEBUG only
        throw new IOException("connection limit reached");
      }
      try {
        return super.newEndPoint(channel, selector, key);
      } catch (IOException | RuntimeException e) {
        release(channel);
        throw e;
      }
    }

    @Override
    protected void onEndPointClosed(EndPoint endPoint) {
      super.onEndPointClosed(endPoint);
      if (endPoint.getTransport() instanceof SelectableChannel channel) {
        release(channel);
      }
    }
  }
}
