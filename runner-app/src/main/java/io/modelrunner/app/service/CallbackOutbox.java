package io.modelrunner.app.service;

import io.modelrunner.core.callback.CallbackAttempt;
import io.modelrunner.core.callback.CallbackClient;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.callback.CallbackEvent;
import io.modelrunner.core.logging.LogContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the callback events of the outbox ({@link OutboxStore}): in the background, every
 * pending event whose next attempt is due and whose run has no earlier pending event, one attempt
 * at a time per event (leased, so that nodes of a pool never attempt one event at once), with
 * exponential back-off (doubling from {@code initialBackoff} up to {@code maxBackoff}, with up to
 * 10 % jitter) until the web application acknowledges it with a 2xx, answers a status that is not
 * worth retrying (a 4xx other than 408 and 429), or {@code retryPeriod} after the event was made.
 * Every attempt carries the event's id ({@code webhook-id}) and the same body bytes; after a crash
 * an attempt whose answer was not recorded is made again with the same id, so a receiver
 * de-duplicates by it. Thread-safe.
 */
public final class CallbackOutbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackOutbox.class);

  /**
   * How the outbox delivers.
   *
   * @param nodeId the node delivering (for lease owners and logs)
   * @param retryPeriod how long after an event is made it is still retried
   * @param initialBackoff the wait after the first failed attempt; doubled after each further one
   * @param maxBackoff the longest wait between two attempts
   * @param threads how many attempts are made at once
   * @param pollInterval how often the outbox looks for due events when nothing wakes it
   * @param attemptTimeout how long one attempt may take (the lease covers it)
   */
  public record Settings(
      String nodeId,
      Duration retryPeriod,
      Duration initialBackoff,
      Duration maxBackoff,
      int threads,
      Duration pollInterval,
      Duration attemptTimeout) {
    public Settings {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(retryPeriod, "retryPeriod");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      if (retryPeriod.isNegative() || retryPeriod.isZero()) {
        throw new IllegalArgumentException("retryPeriod must be positive: " + retryPeriod);
      }
    }

    /** The wait after {@code failures} failed attempts (1, 2, …): exponential, capped. */
    Duration backoffAfter(int failures) {
      Duration wait = initialBackoff;
      for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
  }

  /** Hears events given up on; must not throw. */
  public interface Listener {
    Listener NONE = event -> {};

    /** Event {@code event} ({@code start} or {@code final}) will not be delivered. */
    void gaveUp(String event);
  }

  private final OutboxStore store;
  private final CallbackClient client;
  private final Settings settings;
  private final Clock clock;
  private final Listener listener;

  /** This process: {@code <node id>/<random>}; the leases of its two kinds of holders below. */
  private final String process;

  /** The background delivery loop's lease owner. */
  private final String loopOwner;

  /** The lease owner of start callbacks that runs deliver themselves ({@link #deliverNow}). */
  private final String runOwner;

  private final ExecutorService workers;
  private final Semaphore slots;
  private final Object signal = new Object();
  private final Thread loop;
  private volatile boolean closed;
  private boolean woken;

  public CallbackOutbox(
      OutboxStore store, CallbackClient client, Settings settings, Clock clock, Listener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.process = settings.nodeId() + "/" + UUID.randomUUID().toString().substring(0, 8);
    this.loopOwner = process + "/outbox";
    this.runOwner = process + "/run";
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            settings.threads(),
            r -> {
              Thread t = new Thread(r, "callback-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.slots = new Semaphore(settings.threads());
    this.loop = new Thread(this::deliverLoop, "callback-outbox");
    this.loop.setDaemon(true);
  }

  /** The outbox row for {@code event}, made {@code now}: pending, or never to be sent. */
  public OutboxStore.Event newEvent(CallbackEvent event, int seq, Instant now) {
    boolean send = event.sendable();
    return new OutboxStore.Event(
        event.eventId(),
        event.runId(),
        seq,
        event.event(),
        event.requestId(),
        event.callbackURL(),
        send ? new String(event.bodyBytes(CallbackClient.DURABLE), StandardCharsets.UTF_8) : null,
        send ? OutboxStore.State.PENDING : OutboxStore.State.NOT_SENT,
        0,
        null,
        send ? "" : event.notSentReason(),
        false,
        now,
        now.plus(settings.retryPeriod()),
        send ? now : null,
        null,
        null);
  }

  /**
   * Who holds a start event recorded for {@link #deliverNow}: the event is inserted already leased
   * to this owner, so that the background loop never sends it while the run delivers it and waits
   * for its answer.
   */
  public String runOwner() {
    return runOwner;
  }

  /**
   * Starts delivering in the background, first taking back the leases that this node's earlier
   * processes held when they stopped.
   */
  public void start() {
    try {
      int released = store.releaseLeasesOfEarlierProcesses(settings.nodeId(), process);
      if (released > 0) {
        LOG.info(
            "{} callback(s) an earlier process of this node was sending are due again", released);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot release stale callback leases: {}", e.getMessage());
    }
    loop.start();
  }

  /** Looks for due events now (one was just recorded). */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /**
   * Delivers pending {@code event} now, on the caller's thread, with up to {@code maxAttempts}
   * attempts (the start callback, whose answer the run waits for); afterwards an undelivered event
   * stays pending for the background. An event that another holder leased (e.g. a stopped process,
   * until its lease expires) is left to the background.
   *
   * @param leaseFor how long this caller may need (the start callback's deadline)
   */
  public CallbackDelivery deliverNow(OutboxStore.Event event, int maxAttempts, Duration leaseFor) {
    Instant now = clock.instant();
    if (!store.lease(event.eventId(), runOwner, now.plus(leaseFor), now)) {
      OutboxStore.Event current = store.find(event.eventId()).orElse(event);
      return delivery(current, "being delivered by another attempt; the outbox goes on with it");
    }
    OutboxStore.Event current = event;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1 && !sleep(client.settings().backoffBefore(attempt))) {
        break; // interrupted (a deadline or a stop): the background goes on with it
      }
      boolean last = attempt == maxAttempts;
      Optional<OutboxStore.Event> after =
          attempt(current, runOwner, last ? null : now.plus(leaseFor));
      if (after.isEmpty()) {
        return delivery(current, "the outbox lease was lost; the outbox goes on with it");
      }
      current = after.get();
      if (current.state() != OutboxStore.State.PENDING) {
        return delivery(current, "");
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    if (current.state() == OutboxStore.State.PENDING) {
      store.release(current.eventId(), runOwner);
      wake();
    }
    return delivery(
        current,
        "not delivered yet after "
            + current.attempts()
            + " attempt(s) ("
            + current.detail()
            + "); the outbox retries it until "
            + current.expiresAt());
  }

  private void deliverLoop() {
    while (!closed) {
      try {
        int free = slots.availablePermits();
        List<OutboxStore.Event> due = free == 0 ? List.of() : store.due(clock.instant(), free);
        for (OutboxStore.Event event : due) {
          Instant now = clock.instant();
          if (!slots.tryAcquire()) {
            break;
          }
          if (!store.lease(event.eventId(), loopOwner, now.plus(leaseLength()), now)) {
            slots.release();
            continue;
          }
          workers.execute(
              () -> {
                try (LogContext.Scope scope =
                    LogContext.forRun(event.runId(), null, event.requestId())) {
                  attempt(event, loopOwner, null);
                } catch (RuntimeException e) {
                  LOG.warn("callback {}: attempt failed: {}", event.eventId(), e.getMessage());
                } finally {
                  slots.release();
                  wake();
                }
              });
        }
        awaitWork(due.isEmpty());
      } catch (RuntimeException e) {
        LOG.warn("callback outbox round failed: {}", e.getMessage());
        awaitWork(true);
      }
    }
  }

  /** Waits for a wake-up, the next due event, or the poll interval, whichever comes first. */
  private void awaitWork(boolean idle) {
    long waitMillis = settings.pollInterval().toMillis();
    if (idle) {
      try {
        Optional<Instant> next = store.nextDue();
        if (next.isPresent()) {
          long until = Duration.between(clock.instant(), next.get()).toMillis();
          waitMillis = Math.max(1, Math.min(waitMillis, until));
        }
      } catch (RuntimeException e) {
        // the database is away: poll again later
      }
    } else {
      waitMillis = Math.min(waitMillis, 50);
    }
    synchronized (signal) {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (!woken && !closed) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          signal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      woken = false;
    }
  }

  /**
   * One attempt of leased {@code event}; records it and returns the event as recorded, or empty
   * when this owner lost the lease meanwhile. {@code keepLeaseUntil} keeps the lease when the event
   * stays pending (null releases it).
   */
  private Optional<OutboxStore.Event> attempt(
      OutboxStore.Event event, String owner, Instant keepLeaseUntil) {
    CallbackEvent call =
        new CallbackEvent(
            event.eventId(),
            event.event(),
            event.runId(),
            event.requestId(),
            event.callbackUrl(),
            null,
            null);
    byte[] body =
        event.body() == null ? new byte[0] : event.body().getBytes(StandardCharsets.UTF_8);
    CallbackAttempt attempt = client.attempt(call, body);
    Instant now = clock.instant();
    int attempts = event.attempts() + (attempt.refused() ? 0 : 1);
    OutboxStore.State state;
    Instant next = null;
    String detail = attempt.detail();
    if (attempt.delivered()) {
      state = OutboxStore.State.DELIVERED;
    } else if (!attempt.retryable()) {
      state = OutboxStore.State.FAILED;
      detail = attempt.refused() ? detail : detail + ": not retried";
    } else {
      next = now.plus(jittered(settings.backoffAfter(attempts)));
      if (next.isAfter(event.expiresAt())) {
        state = OutboxStore.State.FAILED;
        detail =
            "gave up after "
                + attempts
                + " attempt(s) over "
                + settings.retryPeriod()
                + ": "
                + detail;
        next = null;
      } else {
        state = OutboxStore.State.PENDING;
      }
    }
    boolean recorded =
        store.recordAttempt(
            event.eventId(),
            owner,
            state,
            attempts,
            attempt.httpStatus(),
            detail,
            attempt.cancelRequested(),
            now,
            next,
            state == OutboxStore.State.PENDING ? keepLeaseUntil : null);
    if (!recorded) {
      return Optional.empty();
    }
    if (state == OutboxStore.State.FAILED) {
      LOG.warn(
          "{} callback {} of run {} given up: {}",
          event.event(),
          event.eventId(),
          event.runId(),
          detail);
      listener.gaveUp(event.event());
    } else if (state == OutboxStore.State.DELIVERED) {
      LOG.debug(
          "{} callback {} of run {} delivered", event.event(), event.eventId(), event.runId());
    }
    return Optional.of(
        new OutboxStore.Event(
            event.eventId(),
            event.runId(),
            event.seq(),
            event.event(),
            event.requestId(),
            event.callbackUrl(),
            event.body(),
            state,
            attempts,
            attempt.httpStatus(),
            detail,
            attempt.cancelRequested(),
            event.createdAt(),
            event.expiresAt(),
            next,
            now,
            state == OutboxStore.State.DELIVERED ? now : null));
  }

  private Duration leaseLength() {
    return settings.attemptTimeout().plus(settings.attemptTimeout()).plusSeconds(5);
  }

  private static Duration jittered(Duration wait) {
    long millis = wait.toMillis();
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  /** The run-facing record of {@code event}'s delivery so far. */
  static CallbackDelivery delivery(OutboxStore.Event event, String pendingDetail) {
    CallbackDelivery.Status status =
        switch (event.state()) {
          case DELIVERED -> CallbackDelivery.Status.DELIVERED;
          case FAILED -> CallbackDelivery.Status.FAILED;
          case NOT_SENT -> CallbackDelivery.Status.NOT_SENT;
          case PENDING -> CallbackDelivery.Status.PENDING;
        };
    String detail =
        event.state() == OutboxStore.State.PENDING && !pendingDetail.isEmpty()
            ? pendingDetail
            : event.detail();
    return new CallbackDelivery(
        event.event(),
        status,
        event.attempts(),
        event.httpStatus(),
        detail,
        event.cancelRequested(),
        event.eventId());
  }

  private static boolean sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Lets the background deliver what is due now, for up to {@code within}: at shutdown, the final
   * callbacks of the runs that ended in the grace period go out before the process exits instead of
   * after its next start. Returns at once when nothing is due and no attempt is in flight; what
   * stays pending (a receiver that fails, an event waiting for its next attempt) is delivered after
   * the next start.
   *
   * @return whether nothing was due or in flight when it returned
   */
  public boolean drain(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    wake();
    while (!closed) {
      try {
        if (slots.availablePermits() == settings.threads()
            && store.due(clock.instant(), 1).isEmpty()) {
          return true;
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot look for callbacks due before shutdown: {}", e.getMessage());
        return false;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      synchronized (signal) {
        try {
          // each finished attempt notifies; the bound re-checks events that became due meanwhile
          signal.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /** Stops delivering; attempts in flight get a moment to finish and record their answer. */
  @Override
  public void close() {
    closed = true;
    wake();
    workers.shutdown();
    try {
      workers.awaitTermination(settings.attemptTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      loop.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }
}
