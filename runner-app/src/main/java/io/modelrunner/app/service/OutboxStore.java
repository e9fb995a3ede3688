package io.modelrunner.app.service;

import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The callback outbox (table {@code callback_event}): one row per (run, event), written in the same
 * transaction as the run state it reports ({@link RunStore#finish}), then delivered from here by
 * {@link CallbackOutbox} until the web application acknowledges it or its retry period ends. A row
 * is leased by one delivery attempt at a time (any node of a pool may deliver any row).
 */
public final class OutboxStore {
  static final String COLUMNS =
      "event_id, run_id, seq, event, request_id, callback_url, body, state, attempts, http_status,"
          + " detail, cancel_requested, created_at, expires_at, next_attempt_at, last_attempt_at,"
          + " delivered_at";

  /** The states of an event. */
  public enum State {
    /** Waiting for (another) attempt. */
    PENDING,
    /** Acknowledged with a 2xx. */
    DELIVERED,
    /** Given up: a non-retryable answer, a refused URL, or the retry period ended. */
    FAILED,
    /** Recorded, never to be sent (no callbackURL, an invalid request). */
    NOT_SENT
  }

  /**
   * One event.
   *
   * @param seq its place among its run's events (start 1, final 2): delivered in this order
   * @param body the exact bytes sent on every attempt (UTF-8 JSON), null when never sent
   */
  public record Event(
      String eventId,
      String runId,
      int seq,
      String event,
      String requestId,
      String callbackUrl,
      String body,
      State state,
      int attempts,
      Integer httpStatus,
      String detail,
      boolean cancelRequested,
      Instant createdAt,
      Instant expiresAt,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      Instant deliveredAt) {
    public Event {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(state, "state");
      detail = detail == null ? "" : detail;
    }
  }

  private final Database database;

  public OutboxStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Inserts {@code event} on {@code c}, inside the caller's transaction, not leased. */
  static void insert(Connection c, Event event) throws SQLException {
    insert(c, event, null, null);
  }

  /**
   * Inserts {@code event} on {@code c}, inside the caller's transaction, leased to {@code
   * leaseOwner} until {@code leaseUntil} (both null: not leased).
   */
  static void insert(Connection c, Event event, String leaseOwner, Instant leaseUntil)
      throws SQLException {
    Jdbc.execute(
        c,
        "INSERT INTO callback_event ("
            + COLUMNS
            + ", lease_owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?)",
        event.eventId(),
        event.runId(),
        event.seq(),
        event.event(),
        event.requestId(),
        event.callbackUrl(),
        event.body(),
        event.state().name(),
        event.attempts(),
        event.httpStatus(),
        event.detail(),
        event.cancelRequested(),
        event.createdAt(),
        event.expiresAt(),
        event.nextAttemptAt(),
        event.lastAttemptAt(),
        event.deliveredAt(),
        leaseOwner,
        leaseUntil);
  }

  static Optional<Event> find(Connection c, String eventId) throws SQLException {
    List<Event> found =
        query(c, "SELECT " + COLUMNS + " FROM callback_event WHERE event_id = ?", eventId);
    return found.stream().findFirst();
  }

  public Optional<Event> find(String eventId) {
    return database.query("read callback event " + eventId, c -> find(c, eventId));
  }

  /** A run's events, in their order (its delivery log). */
  public List<Event> forRun(String runId) {
    return database.query(
        "read the callbacks of run " + runId,
        c ->
            query(
                c,
                "SELECT " + COLUMNS + " FROM callback_event WHERE run_id = ? ORDER BY seq",
                runId));
  }

  /**
   * At most {@code limit} events due for an attempt at {@code now}: pending, their next attempt
   * due, not leased, and no earlier event of the same run still pending (order per run).
   */
  public List<Event> due(Instant now, int limit) {
    return database.query(
        "find due callbacks",
        c ->
            query(
                c,
                "SELECT "
                    + prefixed("e.")
                    + " FROM callback_event e WHERE e.state = 'PENDING'"
                    + " AND e.next_attempt_at <= ?"
                    + " AND (e.lease_until IS NULL OR e.lease_until < ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM callback_event p WHERE p.run_id = e.run_id"
                    + " AND p.seq < e.seq AND p.state = 'PENDING')"
                    + " ORDER BY e.next_attempt_at LIMIT ?",
                now,
                now,
                limit));
  }

  /** When the next pending event is due (for the delivery loop's sleep), if any is pending. */
  public Optional<Instant> nextDue() {
    return database.query(
        "find the next due callback",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT MIN(next_attempt_at) AS due FROM callback_event"
                          + " WHERE state = 'PENDING'");
              ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.ofNullable(Jdbc.instant(r, "due")) : Optional.empty();
          }
        });
  }

  /** How many events are waiting for delivery. */
  public long pendingCount() {
    return database.query(
        "count pending callbacks",
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM callback_event WHERE state = 'PENDING'");
              ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  /**
   * Leases pending event {@code eventId} to {@code owner} until {@code until}; false when it is not
   * pending or another owner holds an unexpired lease.
   */
  public boolean lease(String eventId, String owner, Instant until, Instant now) {
    return database.transaction(
            "lease callback " + eventId,
            false,
            c ->
                Jdbc.execute(
                    c,
                    "UPDATE callback_event SET lease_owner = ?, lease_until = ?"
                        + " WHERE event_id = ? AND state = 'PENDING'"
                        + " AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
                    owner,
                    until,
                    eventId,
                    now,
                    owner))
        == 1;
  }

  /**
   * Records one attempt by the lease holder {@code owner}: the event's new state, its count of
   * attempts, the attempt's answer, and when the next attempt is due (null unless still pending).
   * The lease is released, unless {@code keepLeaseUntil} extends it (an owner that attempts again
   * at once). False when {@code owner} no longer holds the lease (another took it after it
   * expired).
   */
  public boolean recordAttempt(
      String eventId,
      String owner,
      State state,
      int attempts,
      Integer httpStatus,
      String detail,
      boolean cancelRequested,
      Instant now,
      Instant nextAttemptAt,
      Instant keepLeaseUntil) {
    String lease =
        keepLeaseUntil == null
            ? " lease_owner = NULL, lease_until = NULL"
            : " lease_owner = lease_owner, lease_until = ?";
    List<Object> args = new ArrayList<>();
    args.add(state.name());
    args.add(attempts);
    args.add(httpStatus);
    args.add(detail == null ? "" : detail);
    args.add(cancelRequested);
    args.add(now);
    args.add(nextAttemptAt);
    args.add(state == State.DELIVERED ? now : null);
    if (keepLeaseUntil != null) {
      args.add(keepLeaseUntil);
    }
    args.add(eventId);
    args.add(owner);
    return database.transaction(
            "record an attempt of callback " + eventId,
            state != State.PENDING,
            c ->
                Jdbc.execute(
                    c,
                    "UPDATE callback_event SET state = ?, attempts = ?,"
                        + " http_status = ?, detail = ?, cancel_requested = ?,"
                        + " last_attempt_at = ?, next_attempt_at = ?, delivered_at = ?,"
                        + lease
                        + " WHERE event_id = ? AND lease_owner = ?",
                    args.toArray()))
        == 1;
  }

  /**
   * Releases the leases that earlier processes of node {@code nodeId} held (owners {@code
   * <nodeId>/…} that do not start with {@code process}, this process's own prefix): a node id runs
   * one process at a time, so those processes are gone, and their events need not wait for the
   * leases to expire.
   */
  public int releaseLeasesOfEarlierProcesses(String nodeId, String process) {
    String prefix = nodeId + "/";
    return database.transaction(
        "release stale callback leases",
        false,
        c ->
            Jdbc.execute(
                c,
                "UPDATE callback_event SET lease_owner = NULL, lease_until = NULL"
                    + " WHERE lease_owner IS NOT NULL AND SUBSTR(lease_owner, 1, ?) = ?"
                    + " AND SUBSTR(lease_owner, 1, ?) <> ?",
                prefix.length(),
                prefix,
                process.length(),
                process));
  }

  /** Releases {@code owner}'s lease without recording an attempt (none was made). */
  public void release(String eventId, String owner) {
    database.transaction(
        "release callback " + eventId,
        false,
        c ->
            Jdbc.execute(
                c,
                "UPDATE callback_event SET lease_owner = NULL, lease_until = NULL"
                    + " WHERE event_id = ? AND lease_owner = ?",
                eventId,
                owner));
  }

  private static String prefixed(String prefix) {
    StringBuilder out = new StringBuilder();
    for (String column : COLUMNS.split(",\\s*")) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(prefix).append(column);
    }
    return out.toString();
  }

  private static List<Event> query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      Jdbc.bind(s, java.util.Arrays.asList(args));
      List<Event> events = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(read(r));
        }
      }
      return events;
    }
  }

  private static Event read(ResultSet r) throws SQLException {
    return new Event(
        r.getString("event_id"),
        r.getString("run_id"),
        r.getInt("seq"),
        r.getString("event"),
        r.getString("request_id"),
        r.getString("callback_url"),
        r.getString("body"),
        State.valueOf(r.getString("state")),
        r.getInt("attempts"),
        Jdbc.integer(r, "http_status"),
        r.getString("detail"),
        r.getBoolean("cancel_requested"),
        Jdbc.instant(r, "created_at"),
        Jdbc.instant(r, "expires_at"),
        Jdbc.instant(r, "next_attempt_at"),
        Jdbc.instant(r, "last_attempt_at"),
        Jdbc.instant(r, "delivered_at"));
  }
}
