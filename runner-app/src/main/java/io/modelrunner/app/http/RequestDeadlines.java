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
import java.util.concurrent.atomic.AtomicBoolean;
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
 *       holds no thread meanwhile (Jetty parses what arrives and waits without one);
 *   <li><b>body</b>: while a request is handled, its body must arrive within {@code bodyTimeout}
 *       after the headers plus one second per {@code bodyMinRate} bytes received (the rule of
 *       Apache's mod_reqtimeout). Past it, the application's next read of the body fails with a
 *       {@link TimeoutException} (which {@link JsonBodies} answers with 408), so the request thread
 *       is freed; Jetty closes the connection after that answer, as the body was not consumed.
 * </ul>
 *
 * A connection's state is watched through public Jetty hooks only: a {@link Connection.Listener}
 * (opened, closed), the {@link #handler handler} in front of the application (headers complete,
 * body reads, answer complete) and the connection's byte count. One sweeper thread checks every
 * open connection a few times per deadline, so a deadline is met to within that period.
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
  private final AtomicLong cut = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  RequestDeadlines(Duration headerTimeout, Duration bodyTimeout, long bodyMinRate) {
    this.headerNanos = headerTimeout.toNanos();
    this.bodyNanos = bodyTimeout.toNanos();
    this.bodyMinRate = bodyMinRate;
    long shortest = Math.min(headerNanos, bodyNanos);
    this.sweepNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(50), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 4));
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
        boolean body =
            request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        watch.begin(body);
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
        boolean handled;
        try {
          handled = super.handle(body ? new BodyWatch(request, watch) : request, response, ended);
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

  private void logCut(String what, Connection connection) {
    long count = cut.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      LOG.warn(
          "cut off a connection from {}: {} ({} cut off since start)",
          connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress inet
              ? Addresses.text(inet.getAddress())
              : "an unknown address",
          what,
          count);
    }
  }

  /**
   * 408 with a problem body and {@code Connection: close}, written on a connection past its
   * deadline.
   */
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

  /** Where one connection is: between requests, receiving headers, or handling a request. */
  private final class Watch {
    final Connection connection;
    private boolean handling;
    private long headerSince; // NONE: no byte of a next request seen yet
    private long bytesMark;
    private boolean bodyExpected;
    private boolean bodyDone;
    private boolean bodyTimedOut;
    private long bodySince;
    private long bodyBytes;
    private Once pendingDemand;

    Watch(Connection connection, long openedAt) {
      this.connection = connection;
      this.headerSince = openedAt;
    }

    synchronized void begin(boolean body) {
      handling = true;
      bodyExpected = body;
      bodyDone = !body;
      bodyTimedOut = false;
      bodySince = System.nanoTime();
      bodyBytes = 0;
      pendingDemand = null;
    }

    /** The answer is complete: the next request's header clock starts at its first byte. */
    synchronized void end() {
      handling = false;
      headerSince = NONE;
      bytesMark = connection.getBytesIn();
      bodyExpected = false;
      pendingDemand = null;
    }

    synchronized void read(Content.Chunk chunk) {
      bodyBytes += chunk.remaining();
      if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
        bodyDone = true;
      }
    }

    synchronized boolean bodyTimedOut() {
      return bodyTimedOut;
    }

    /** Wraps a demand callback so that a deadline can wake the reader; runs it now if past. */
    Runnable demanding(Runnable callback) {
      Once once = new Once(callback);
      boolean wakeNow;
      synchronized (this) {
        wakeNow = bodyTimedOut;
        if (!wakeNow) {
          pendingDemand = once;
        }
      }
      if (wakeNow) {
        once.run();
      }
      return once;
    }

    void check(long now) {
      boolean cutHeaders = false;
      Once wake = null;
      synchronized (this) {
        if (!handling) {
          if (headerSince == NONE) {
            if (connection.getBytesIn() > bytesMark) {
              headerSince = now; // a later request has begun
            }
          } else if (now - headerSince > headerNanos) {
            cutHeaders = true;
            headerSince = NONE;
            bytesMark = Long.MAX_VALUE; // once
          }
        } else if (bodyExpected && !bodyDone && !bodyTimedOut) {
          long allowed =
              bodyNanos + (bodyMinRate > 0 ? bodyBytes * 1_000_000_000L / bodyMinRate : 0);
          if (now - bodySince > allowed) {
            bodyTimedOut = true;
            wake = pendingDemand;
            pendingDemand = null;
          }
        }
      }
      if (cutHeaders) {
        logCut("its request headers did not arrive within server.header-timeout", connection);
        EndPoint endPoint = connection.getEndPoint();
        try {
          endPoint.write(Callback.from(endPoint::close, x -> endPoint.close()), timeoutAnswer());
        } catch (RuntimeException e) {
          endPoint.close();
        }
      }
      if (wake != null) {
        logCut(
            "its request body did not arrive within server.body-timeout at server.body-min-rate",
            connection);
        wake.run();
      }
    }
  }

  /** A demand callback that runs at most once, whoever calls it first: Jetty or a deadline. */
  private static final class Once implements Runnable {
    private final Runnable callback;
    private final AtomicBoolean ran = new AtomicBoolean();

    Once(Runnable callback) {
      this.callback = callback;
    }

    @Override
    public void run() {
      if (ran.compareAndSet(false, true)) {
        callback.run();
      }
    }
  }

  /** The request as the application sees it: its body reads count, and fail past the deadline. */
  private static final class BodyWatch extends Request.Wrapper {
    private final Watch watch;

    BodyWatch(Request request, Watch watch) {
      super(request);
      this.watch = watch;
    }

    @Override
    public Content.Chunk read() {
      if (watch.bodyTimedOut()) {
        return Content.Chunk.from(
            new TimeoutException(
                "the request body did not arrive within server.body-timeout at"
                    + " server.body-min-rate"),
            true);
      }
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        watch.read(chunk);
      }
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      super.demand(watch.demanding(demandCallback));
    }
  }
}
