package io.modelrunner.app.http;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines that Jetty's idle timeout cannot give, because a client that trickles bytes is never
 * idle:
 *
 * <ul>
 *   <li><b>headers</b>: a request's line and headers must be complete within {@code headerTimeout},
 *       counted from the connection's opening (its first request) or from the first byte of a later
 *       request on a kept-alive connection. A connection past it gets {@code 408} and is closed. It
 *       holds no thread meanwhile (Jetty parses what arrives and waits without one); one sweeper
 *       thread checks every open connection a few times per deadline;
 *   <li><b>body</b>: a request's body must arrive within {@code bodyTimeout} after its headers,
 *       plus one second per {@code bodyMinRate} bytes received (the rule of Apache's
 *       mod_reqtimeout). The application's first read of the body past that deadline fails with a
 *       {@link TimeoutException} — which {@link JsonBodies} answers with 408, after which Jetty
 *       closes the connection, as the body was not consumed. A trickling client is cut off at its
 *       next byte after the deadline; one that falls silent, by the idle timeout.
 * </ul>
 *
 * A connection's state is watched through public Jetty hooks only: a {@link Connection.Listener}
 * (opened, closed), the {@link #handler handler} in front of the application (headers complete,
 * body reads, answer complete) and the connection's byte count.
 */
final class RequestDeadlines implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
  private static final long NONE = Long.MIN_VALUE;
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final long headerNanos;
  private final long bodyNanos;
  private final long bodyMinRate;
  private final long sweepNanos;
  private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;
  private final Cuts headerCuts =
      new Cuts("its request headers did not arrive within server.header-timeout");
  private final Cuts bodyCuts =
      new Cuts(
          "its request body did not arrive within server.body-timeout at server.body-min-rate");

  RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, long bodyMinRate) {
    this.headerNanos = headerTimeout.toNanos();
    this.bodyNanos = bodyTimeout.toNanos();
    this.bodyMinRate = bodyMinRate;
    this.sweepNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(50),
            Math.min(TimeUnit.SECONDS.toNanos(1), headerNanos / 4));
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "http-deadlines");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    sweeper.scheduleWithFixedDelay(this::sweep, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
  }

  void stop() {
    sweeper.shutdownNow();
  }

  @Override
  public void onOpened(Connection connection) {
    watches.put(connection, new Watch(connection, System.nanoTime()));
  }

  @Override
  public void onClosed(Connection connection) {
    watches.remove(connection);
  }

  /** The handler in front of {@code next} that tells the watches where each request is. */
  Handler handler(Handler next) {
    return new Handler.Wrapper(next) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        Watch watch = watches.get(request.getConnectionMetaData().getConnection());
        if (watch == null) {
          return super.handle(request, response, callback);
        }
        watch.begin();
        Callback ended =
            new Callback() {
              @Override
              public void succeeded() {
                watch.end();
                callback.succeeded();
              }

              @Override
              public void failed(Throwable x) {
                watch.end();
                callback.failed(x);
              }

              @Override
              public InvocationType getInvocationType() {
                return callback.getInvocationType();
              }
            };
        boolean body =
            request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        boolean handled;
        try {
          handled =
              super.handle(
                  body ? new BodyDeadline(request, watch, System.nanoTime()) : request,
                  response,
                  ended);
        } catch (Throwable t) {
          watch.end();
          throw t;
        }
        if (!handled) {
          watch.end();
        }
        return handled;
      }
    };
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Watch watch : watches.values()) {
      try {
        watch.check(now);
      } catch (RuntimeException e) {
        LOG.debug("cannot check the deadlines of {}", watch.connection, e);
      }
    }
  }

  /** 408 with a problem body and {@code Connection: close}, for a connection past its deadline. */
  private static ByteBuffer timeoutAnswer() {
    String body =
        "{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,\"detail\":"
            + "\"the request headers did not arrive within server.header-timeout\"}";
    String answer =
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n"
            + "Content-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body;
    return ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
  }

  /** Counts the connections cut off for one reason; logs at most once a minute. */
  private static final class Cuts {
    private final String why;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    Cuts(String why) {
      this.why = why;
    }

    void add(Connection connection) {
      long n = count.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
        LOG.warn(
            "cut off a connection from {}: {} ({} so since start)",
            connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress inet
                ? Addresses.text(inet.getAddress())
                : "an unknown address",
            why,
            n);
      }
    }
  }

  /** Where one connection is: between requests, receiving headers, or handling a request. */
  private final class Watch {
    final Connection connection;
    private boolean handling;
    private long headerSince; // NONE: no byte of a next request seen yet
    private long bytesMark;

    Watch(Connection connection, long openedAt) {
      this.connection = connection;
      this.headerSince = openedAt;
    }

    synchronized void begin() {
      handling = true;
    }

    /** The answer is complete: the next request's header clock starts at its first byte. */
    synchronized void end() {
      handling = false;
      headerSince = NONE;
      bytesMark = connection.getBytesIn();
    }

    void check(long now) {
      synchronized (this) {
        if (handling) {
          return;
        }
        if (headerSince == NONE) {
          if (connection.getBytesIn() > bytesMark) {
            headerSince = now; // a later request has begun
          }
          return;
        }
        if (now - headerSince <= headerNanos) {
          return;
        }
        headerSince = NONE;
        bytesMark = Long.MAX_VALUE; // cut once
      }
      headerCuts.add(connection);
      EndPoint endPoint = connection.getEndPoint();
      try {
        endPoint.write(Callback.from(endPoint::close, x -> endPoint.close()), timeoutAnswer());
      } catch (RuntimeException e) {
        endPoint.close();
      }
    }
  }

  /**
   * The request as the application sees it: a read of its body past the body deadline fails with a
   * {@link TimeoutException}, and so does every read after it.
   */
  private final class BodyDeadline extends Request.Wrapper {
    private final Watch watch;
    private final long since;
    private long bytes;
    private boolean done;
    private boolean timedOut;

    BodyDeadline(Request request, Watch watch, long since) {
      super(request);
      this.watch = watch;
      this.since = since;
    }

    @Override
    public Content.Chunk read() {
      if (!timedOut && !done) {
        long allowed = bodyNanos + (bodyMinRate > 0 ? bytes * 1_000_000_000L / bodyMinRate : 0);
        if (System.nanoTime() - since > allowed) {
          timedOut = true;
          bodyCuts.add(watch.connection);
        }
      }
      if (timedOut) {
        return Content.Chunk.from(
            new TimeoutException(
                "the request body did not arrive within server.body-timeout at"
                    + " server.body-min-rate"),
            true);
      }
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytes += chunk.remaining();
        done = chunk.isLast();
      }
      return chunk;
    }
  }
}
