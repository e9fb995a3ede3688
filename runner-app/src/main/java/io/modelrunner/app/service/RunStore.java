package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.app.db.Dialect;
import io.modelrunner.app.db.GroupCommit;
import io.modelrunner.app.db.Jdbc;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.Artifact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The runs and their stage history, over JDBC (SQLite, PostgreSQL or H2: {@link
 * io.modelrunner.app.db.Dialect}).
 *
 * <p><b>Claims.</b> A run is executed under a {@link Claim}: the node that owns it and the run's
 * {@code claim_epoch} when it was claimed. Every transition that gives a node a run — {@link
 * #claim}, {@link #claimForCancel}, {@link #reclaim}, {@link #takeOver} — is one compare-and-set
 * that increments the epoch, so exactly one of any number of racing claimants wins. Every write an
 * execution makes names its claim ({@code WHERE node_id = ? AND claim_epoch = ?}): an execution
 * whose claim was taken over cannot change the run any more (it is <em>fenced</em>).
 *
 * <p><b>Atomic steps.</b> A dispatch (every run of one request, their queue entries, the queue
 * limit) is one transaction serialized by a lock row; the end of a run (its final state and its
 * final callback event in the outbox) is one transaction. Claims, dispatches and ends are committed
 * durably ({@link Database#transaction}).
 */
public final class RunStore {
  private static final String COLUMNS =
      "run_id, seq, request_id, model_slug, image, request_sha256, request_json, callback_url,"
          + " state, stage, node_id, cancel_requested, claim_epoch, engine, image_id, image_digest,"
          + " image_version, execution_id, store_prefix, reason_json, artifacts_json,"
          + " warnings_json, created_at, started_at, stage_entered_at, finished_at, runner_version";
  private static final String OWNED = " AND state = 'RUNNING' AND node_id = ? AND claim_epoch = ?";
  private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Most dispatches that share one transaction. */
  static final int DISPATCH_BATCH = 64;

  private final Database database;
  private final GroupCommit dispatches;
  private final ObjectMapper mapper = JsonMappers.standard();

  public RunStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
    this.dispatches = new GroupCommit(database, DISPATCH_BATCH);
  }

  /**
   * The right of one node to write one run: valid while the run is RUNNING on {@code nodeId} at
   * {@code epoch}.
   */
  public record Claim(String runId, String nodeId, long epoch) {
    public Claim {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(nodeId, "nodeId");
    }
  }

  // --- dispatch ---

  /** One run of a dispatch, and the name of the queue task that runs it. */
  public record Dispatched(NewRun run, String taskName) {
    public Dispatched {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(taskName, "taskName");
    }
  }

  /** The outcome of {@link #insertIfAbsent}: the stored run, and whether this call created it. */
  public record Insert(StoredRun run, boolean created) {}

  /** What {@link #dispatch} did. */
  public sealed interface DispatchOutcome {
    /** Every run is stored (created now, or found with the same request body), in order. */
    record Accepted(List<Insert> runs) implements DispatchOutcome {
      public Accepted {
        runs = List.copyOf(runs);
      }
    }

    /** A run of the same (request id, model slug) exists with another body; nothing stored. */
    record Conflicting(StoredRun earlier) implements DispatchOutcome {}

    /** Storing the new runs would pass the queue limit; nothing stored. */
    record QueueFull(long queued, int limit) implements DispatchOutcome {}
  }

  /**
   * Stores the runs of one dispatch, all or nothing, in one durable transaction that holds the
   * dispatch lock: a run whose (request id, model slug) exists is answered as it is (same body) or
   * refuses the whole dispatch (another body); the new runs are refused together when the QUEUED
   * runs plus them would pass {@code queueLimit}; else each new run is inserted QUEUED with its
   * queue entry (db-scheduler's {@code scheduled_tasks} row, due at its creation), so that an
   * answered dispatch survives any crash, and a refused one leaves nothing behind. Concurrent
   * dispatches share one transaction ({@link GroupCommit}): each still sees the ones before it.
   */
  public DispatchOutcome dispatch(List<Dispatched> runs, int queueLimit) {
    return dispatches.submit(
        "store a dispatch",
        (c, batch) -> {
          if (batch.putIfAbsent("locked", Boolean.TRUE) == null) {
            lockDispatches(c);
          }
          List<Optional<StoredRun>> existing = new ArrayList<>();
          int fresh = 0;
          for (Dispatched d : runs) {
            Optional<StoredRun> earlier =
                findByRequest(c, d.run().requestId(), d.run().modelSlug());
            if (earlier.isPresent()
                && !earlier.get().requestSha256().equals(d.run().requestSha256())) {
              return new DispatchOutcome.Conflicting(earlier.get());
            }
            existing.add(earlier);
            fresh += earlier.isEmpty() ? 1 : 0;
          }
          long queued = 0;
          if (fresh > 0) {
            // counted once per transaction (a scan that grows with the queue): while this one
            // holds the dispatch lock only claims change it, and they make it smaller
            Object known = batch.get("queued");
            queued = known != null ? (Long) known : countState(c, RunState.QUEUED);
            batch.put("queued", queued);
            if (queued + fresh > queueLimit) {
              return new DispatchOutcome.QueueFull(queued, queueLimit);
            }
          }
          List<Insert> stored = new ArrayList<>();
          for (int i = 0; i < runs.size(); i++) {
            if (existing.get(i).isPresent()) {
              stored.add(new Insert(existing.get(i).get(), false));
              continue;
            }
            NewRun run = runs.get(i).run();
            insert(c, run);
            Jdbc.execute(
                c,
                "INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time,"
                    + " picked, version) VALUES (?, ?, NULL, ?, FALSE, 1)",
                runs.get(i).taskName(),
                run.runId(),
                run.createdAt());
            stored.add(new Insert(find(c, run.runId()).orElseThrow(), true));
          }
          if (fresh > 0) {
            batch.put("queued", queued + fresh);
          }
          return new DispatchOutcome.Accepted(stored);
        });
  }

  /**
   * Inserts a QUEUED run unless one with the same (request id, model slug) exists; then returns
   * that one. Without a queue entry: for tests and tools; the service dispatches with {@link
   * #dispatch}.
   */
  public Insert insertIfAbsent(NewRun run) {
    return database.transaction(
        "store run " + run.runId(),
        true,
        c -> {
          lockDispatches(c);
          Optional<StoredRun> existing = findByRequest(c, run.requestId(), run.modelSlug());
          if (existing.isPresent()) {
            return new Insert(existing.get(), false);
          }
          insert(c, run);
          return new Insert(find(c, run.runId()).orElseThrow(), true);
        });
  }

  /** Takes the dispatch lock for the rest of the transaction: dispatches run one at a time. */
  private static void lockDispatches(Connection c) throws SQLException {
    Jdbc.exists(c, "SELECT id FROM dispatch_lock WHERE id = 1" + Dialect.of(c).forUpdate());
  }

  private static void insert(Connection c, NewRun run) throws SQLException {
    Jdbc.execute(
        c,
        "INSERT INTO run (run_id, request_id, model_slug, image, request_sha256, request_json,"
            + " callback_url, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?)",
        run.runId(),
        run.requestId(),
        run.modelSlug(),
        run.image(),
        run.requestSha256(),
        run.requestJson(),
        run.callbackUrl(),
        run.createdAt());
  }

  // --- reads ---

  /** The run of (request id, model slug), if one was dispatched. */
  public Optional<StoredRun> findByRequest(String requestId, String modelSlug) {
    return database.query(
        "read the run of request " + requestId, c -> findByRequest(c, requestId, modelSlug));
  }

  public Optional<StoredRun> find(String runId) {
    return database.query("read run " + runId, c -> find(c, runId));
  }

  /**
   * A page of runs, newest first, of {@code state}, {@code model} and {@code requestId} (each null:
   * any); {@code beforeSeq} (exclusive) continues a listing.
   */
  public List<StoredRun> list(
      RunState state, String model, String requestId, int limit, Long beforeSeq) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM run WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state.name());
    }
    if (model != null) {
      sql.append(" AND model_slug = ?");
      args.add(model);
    }
    if (requestId != null) {
      sql.append(" AND request_id = ?");
      args.add(requestId);
    }
    if (beforeSeq != null) {
      sql.append(" AND seq < ?");
      args.add(beforeSeq);
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args.toArray());
  }

  /** The QUEUED runs in dispatch order. */
  public List<StoredRun> queued() {
    return query("SELECT " + COLUMNS + " FROM run WHERE state = 'QUEUED' ORDER BY seq");
  }

  /** The QUEUED runs dispatched before {@code instant}, in dispatch order. */
  public List<StoredRun> queuedBefore(Instant instant) {
    return query(
        "SELECT " + COLUMNS + " FROM run WHERE state = 'QUEUED' AND created_at < ? ORDER BY seq",
        instant);
  }

  /** The RUNNING runs that node {@code nodeId} claimed. */
  public List<StoredRun> running(String nodeId) {
    return query(
        "SELECT " + COLUMNS + " FROM run WHERE state = 'RUNNING' AND node_id = ? ORDER BY seq",
        nodeId);
  }

  /** The RUNNING runs of {@code nodeId} whose cancel flag is set. */
  public List<String> cancelFlagged(String nodeId) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM run WHERE state = 'RUNNING' AND node_id = ? AND cancel_requested = TRUE",
            nodeId)
        .stream()
        .map(StoredRun::runId)
        .toList();
  }

  /** Of {@code claims}, those that no longer hold: their run ended, moved, or was claimed again. */
  public Set<Claim> lost(List<Claim> claims) {
    if (claims.isEmpty()) {
      return Set.of();
    }
    Set<Claim> lost = new HashSet<>(claims);
    for (int from = 0; from < claims.size(); from += 200) {
      List<Claim> batch = claims.subList(from, Math.min(claims.size(), from + 200));
      String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
      List<StoredRun> runs =
          query(
              "SELECT " + COLUMNS + " FROM run WHERE run_id IN (" + marks + ")",
              batch.stream().map(Claim::runId).toArray());
      for (StoredRun run : runs) {
        if (run.state() == RunState.RUNNING && run.nodeId() != null) {
          lost.remove(new Claim(run.runId(), run.nodeId(), run.claimEpoch()));
        }
      }
    }
    return lost;
  }

  /** How many runs are QUEUED. */
  public long queuedCount() {
    return database.query("count queued runs", c -> countState(c, RunState.QUEUED));
  }

  public Map<RunState, Long> countByState() {
    return database.query(
        "count runs",
        c -> {
          Map<RunState, Long> counts = new EnumMap<>(RunState.class);
          for (RunState s : RunState.values()) {
            counts.put(s, 0L);
          }
          try (PreparedStatement s =
                  c.prepareStatement("SELECT state, COUNT(*) FROM run GROUP BY state");
              ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
              counts.put(RunState.valueOf(rows.getString(1)), rows.getLong(2));
            }
          }
          return counts;
        });
  }

  private static long countState(Connection c, RunState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM run WHERE state = ?")) {
      s.setString(1, state.name());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  // --- claims ---

  /** QUEUED → RUNNING on {@code nodeId}; empty when the run was not QUEUED any more. */
  public Optional<Claim> claim(String runId, String nodeId, Instant now) {
    return claimQueued("claim run " + runId, runId, nodeId, now, "");
  }

  /**
   * QUEUED → RUNNING with the cancel flag, on {@code nodeId}: the caller then finishes the run
   * (which never starts its model). Empty when the run was not QUEUED any more.
   */
  public Optional<Claim> claimForCancel(String runId, String nodeId, Instant now) {
    return claimQueued(
        "claim run " + runId + " to cancel it", runId, nodeId, now, " cancel_requested = TRUE,");
  }

  private Optional<Claim> claimQueued(
      String what, String runId, String nodeId, Instant now, String alsoSet) {
    return transition(
        what,
        runId,
        nodeId,
        "UPDATE run SET state = 'RUNNING',"
            + alsoSet
            + " node_id = ?, started_at = ?,"
            + " claim_epoch = claim_epoch + 1 WHERE run_id = ? AND state = 'QUEUED'",
        nodeId,
        now,
        runId);
  }

  /**
   * A new claim of a RUNNING run that {@code nodeId} already owns at {@code epoch} (to resume it
   * after a restart): any older execution of it is fenced. Empty when the run moved or ended.
   */
  public Optional<Claim> reclaim(String runId, String nodeId, long epoch) {
    return transition(
        "reclaim run " + runId,
        runId,
        nodeId,
        "UPDATE run SET claim_epoch = claim_epoch + 1 WHERE run_id = ?" + OWNED,
        runId,
        nodeId,
        epoch);
  }

  /**
   * Moves a RUNNING run from {@code lostNode} (at {@code epoch}) to {@code nodeId}, but only when
   * {@code lostNode} has not heart-beaten since {@code silentSince}: a node that is alive keeps its
   * runs. Empty when the run moved, ended, or its node is alive.
   */
  public Optional<Claim> takeOver(
      String runId, String lostNode, long epoch, String nodeId, Instant silentSince) {
    return transition(
        "take over run " + runId,
        runId,
        nodeId,
        "UPDATE run SET node_id = ?, claim_epoch = claim_epoch + 1 WHERE run_id = ?"
            + OWNED
            + " AND NOT EXISTS (SELECT 1 FROM runner_node n WHERE n.node_id = ?"
            + " AND n.last_heartbeat >= ?)",
        nodeId,
        runId,
        lostNode,
        epoch,
        lostNode,
        silentSince);
  }

  private Optional<Claim> transition(
      String what, String runId, String nodeId, String update, Object... args) {
    return database.transaction(
        what,
        true,
        c -> {
          if (Jdbc.execute(c, update, args) != 1) {
            return Optional.empty();
          }
          try (PreparedStatement s =
              c.prepareStatement("SELECT claim_epoch FROM run WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              return Optional.of(new Claim(runId, nodeId, r.getLong(1)));
            }
          }
        });
  }

  /** Sets the cancel flag of a run that has not ended; false when it has (or does not exist). */
  public boolean flagCancel(String runId) {
    return database.transaction(
            "flag run " + runId + " for cancel",
            true,
            c ->
                Jdbc.execute(
                    c,
                    "UPDATE run SET cancel_requested = TRUE WHERE run_id = ?"
                        + " AND state IN ('QUEUED', 'RUNNING')",
                    runId))
        == 1;
  }

  // --- writes under a claim ---

  /**
   * The run entered {@code stage}: closes the open history row and opens a new one. False when
   * {@code claim} no longer holds (nothing is written).
   */
  public boolean enterStage(Claim claim, String stage, Instant now) {
    return database.transaction(
        "record stage " + stage + " of run " + claim.runId(),
        false,
        c -> {
          if (Jdbc.execute(
                  c,
                  "UPDATE run SET stage = ?, stage_entered_at = ? WHERE run_id = ?" + OWNED,
                  stage,
                  now,
                  claim.runId(),
                  claim.nodeId(),
                  claim.epoch())
              != 1) {
            return false;
          }
          closeStage(c, claim.runId(), now);
          Jdbc.execute(
              c,
              "INSERT INTO run_stage (run_id, stage, entered_at) VALUES (?, ?, ?)",
              claim.runId(),
              stage,
              now);
          return true;
        });
  }

  /**
   * Records what the prepare stage pinned, and the version of the runner that pinned it; false when
   * {@code claim} no longer holds.
   */
  public boolean recordIdentity(
      Claim claim, ModelIdentity identity, String runnerVersion, String storePrefix) {
    return database.transaction(
        "record the identity of run " + claim.runId(),
        false,
        c ->
            Jdbc.execute(
                    c,
                    "UPDATE run SET engine = ?, image_id = ?, image_digest = ?, image_version = ?,"
                        + " runner_version = ?, store_prefix = ? WHERE run_id = ?"
                        + OWNED,
                    identity.engine(),
                    identity.id(),
                    identity.digest(),
                    identity.version(),
                    runnerVersion,
                    storePrefix,
                    claim.runId(),
                    claim.nodeId(),
                    claim.epoch())
                == 1);
  }

  /** Records the engine's execution id; false when {@code claim} no longer holds. */
  public boolean recordExecution(Claim claim, String executionId) {
    return database.transaction(
        "record the execution of run " + claim.runId(),
        true,
        c ->
            Jdbc.execute(
                    c,
                    "UPDATE run SET execution_id = ? WHERE run_id = ?" + OWNED,
                    executionId,
                    claim.runId(),
                    claim.nodeId(),
                    claim.epoch())
                == 1);
  }

  /**
   * Inserts {@code event} into the outbox, leased to {@code leaseOwner} until {@code leaseUntil},
   * unless an event with its id exists, under {@code claim}; returns the stored event (the existing
   * one, or the new), or empty when {@code claim} no longer holds.
   */
  public Optional<OutboxStore.Event> recordEvent(
      Claim claim, OutboxStore.Event event, String leaseOwner, Instant leaseUntil) {
    return database.transaction(
        "record the " + event.event() + " callback of run " + claim.runId(),
        true,
        c -> {
          if (!Jdbc.exists(
              c,
              "SELECT run_id FROM run WHERE run_id = ?" + OWNED + Dialect.of(c).forUpdate(),
              claim.runId(),
              claim.nodeId(),
              claim.epoch())) {
            return Optional.empty();
          }
          Optional<OutboxStore.Event> existing = OutboxStore.find(c, event.eventId());
          if (existing.isPresent()) {
            return existing;
          }
          OutboxStore.insert(c, event, leaseOwner, leaseUntil);
          return Optional.of(event);
        });
  }

  /**
   * The run ended, under {@code claim}: its final state, reason, artifacts and warnings, and its
   * final callback {@code event} in the outbox — one durable transaction. False when {@code claim}
   * no longer holds (nothing is written: another execution owns the run, or it had ended).
   */
  public boolean finish(
      Claim claim,
      RunState state,
      JsonNode reason,
      List<Artifact> artifacts,
      List<String> warnings,
      Instant now,
      OutboxStore.Event event) {
    if (!state.isFinal()) {
      throw new IllegalArgumentException("not a final state: " + state);
    }
    return database.transaction(
        "finish run " + claim.runId(),
        true,
        c -> {
          if (Jdbc.execute(
                  c,
                  "UPDATE run SET state = ?, reason_kind = ?, reason_message = ?, reason_json = ?,"
                      + " artifacts_json = ?, warnings_json = ?, finished_at = ?"
                      + " WHERE run_id = ?"
                      + OWNED,
                  state.name(),
                  reason == null ? null : reason.path("kind").asText(null),
                  reason == null ? null : reason.path("message").asText(null),
                  reason == null ? null : json(reason),
                  json(artifacts),
                  json(warnings),
                  now,
                  claim.runId(),
                  claim.nodeId(),
                  claim.epoch())
              != 1) {
            return false;
          }
          closeStage(c, claim.runId(), now);
          if (event != null && OutboxStore.find(c, event.eventId()).isEmpty()) {
            OutboxStore.insert(c, event);
          }
          return true;
        });
  }

  private static void closeStage(Connection c, String runId, Instant now) throws SQLException {
    Jdbc.execute(
        c, "UPDATE run_stage SET left_at = ? WHERE run_id = ? AND left_at IS NULL", now, runId);
  }

  /**
   * Deletes at most {@code limit} ended runs (COMPLETE or FAILED) that ended before {@code before},
   * oldest first, with their stage history and callback events; returns how many. QUEUED and
   * RUNNING runs are never deleted, whatever their age.
   */
  public int purgeEndedBefore(Instant before, int limit) {
    return database.transaction(
        "delete expired runs",
        false,
        c ->
            Jdbc.execute(
                c,
                "DELETE FROM run WHERE run_id IN (SELECT run_id FROM run"
                    + " WHERE state IN ('COMPLETE', 'FAILED') AND finished_at < ?"
                    + " ORDER BY finished_at LIMIT ?)",
                before,
                limit));
  }

  public List<StageEntry> stages(String runId) {
    return database.query(
        "read the stages of run " + runId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT stage, entered_at, left_at FROM run_stage WHERE run_id = ?"
                      + " ORDER BY id")) {
            s.setString(1, runId);
            List<StageEntry> stages = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                stages.add(
                    new StageEntry(
                        rows.getString(1),
                        Jdbc.instant(rows, "entered_at"),
                        Jdbc.instant(rows, "left_at")));
              }
            }
            return stages;
          }
        });
  }

  // --- plumbing ---

  private List<StoredRun> query(String sql, Object... args) {
    return database.query(
        "read runs",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            Jdbc.bind(s, Arrays.asList(args));
            List<StoredRun> runs = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                runs.add(read(rows));
              }
            }
            return runs;
          }
        });
  }

  private Optional<StoredRun> find(Connection c, String runId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM run WHERE run_id = ?")) {
      s.setString(1, runId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private Optional<StoredRun> findByRequest(Connection c, String requestId, String slug)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM run WHERE request_id = ? AND model_slug = ?")) {
      s.setString(1, requestId);
      s.setString(2, slug);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private StoredRun read(ResultSet r) throws SQLException {
    String engine = r.getString("engine");
    String imageId = r.getString("image_id");
    ModelIdentity identity =
        engine == null || imageId == null
            ? null
            : new ModelIdentity(
                engine,
                r.getString("image"),
                imageId,
                r.getString("image_digest"),
                r.getString("image_version"));
    return new StoredRun(
        r.getString("run_id"),
        r.getLong("seq"),
        r.getString("request_id"),
        r.getString("model_slug"),
        r.getString("image"),
        r.getString("request_sha256"),
        r.getString("request_json"),
        r.getString("callback_url"),
        RunState.valueOf(r.getString("state")),
        r.getString("stage"),
        r.getString("node_id"),
        r.getBoolean("cancel_requested"),
        r.getLong("claim_epoch"),
        identity,
        r.getString("runner_version"),
        r.getString("execution_id"),
        r.getString("store_prefix"),
        parse(r.getString("reason_json")),
        parseList(r.getString("artifacts_json"), ARTIFACTS),
        parseList(r.getString("warnings_json"), STRINGS),
        Jdbc.instant(r, "created_at"),
        Jdbc.instant(r, "started_at"),
        Jdbc.instant(r, "stage_entered_at"),
        Jdbc.instant(r, "finished_at"));
  }

  private JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DatabaseException("a stored run holds malformed JSON: " + e.getMessage(), e);
    }
  }

  private <T> List<T> parseList(String json, TypeReference<List<T>> type) {
    if (json == null) {
      return List.of();
    }
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new DatabaseException("a stored run holds malformed JSON: " + e.getMessage(), e);
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
