package io.modelrunner.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelrunner.api.json.JsonMappers;
import io.modelrunner.app.db.Database;
import io.modelrunner.app.db.DatabaseException;
import io.modelrunner.core.callback.CallbackDelivery;
import io.modelrunner.core.engine.ModelIdentity;
import io.modelrunner.core.pipeline.Artifact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs, their stage history and their callback deliveries, over JDBC (H2 or PostgreSQL). Every
 * state change is one statement or one transaction, so that a crash leaves a consistent record; the
 * transitions out of {@code QUEUED} are compare-and-set ({@code WHERE state = 'QUEUED'}), so that
 * exactly one path claims a run.
 */
public final class RunStore {
  private static final String COLUMNS =
      "run_id, seq, request_id, model_slug, image, request_sha256, request_json, callback_url,"
          + " state, stage, node_id, cancel_requested, engine, image_id, image_digest,"
          + " image_version, execution_id, store_prefix, reason_json, artifacts_json,"
          + " warnings_json, created_at, started_at, stage_entered_at, finished_at";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final TypeReference<List<Artifact>> ARTIFACTS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database database;
  private final ObjectMapper mapper = JsonMappers.standard();

  public RunStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** The outcome of {@link #insertIfAbsent}: the stored run, and whether this call created it. */
  public record Insert(StoredRun run, boolean created) {}

  /**
   * Inserts a QUEUED run unless one with the same (request id, model slug) exists; then returns
   * that one.
   */
  public Insert insertIfAbsent(NewRun run) {
    for (int attempt = 0; ; attempt++) {
      try (Connection c = database.connection()) {
        Optional<StoredRun> existing = findByRequest(c, run.requestId(), run.modelSlug());
        if (existing.isPresent()) {
          return new Insert(existing.get(), false);
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO run (run_id, request_id, model_slug, image, request_sha256,"
                    + " request_json, callback_url, state, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', ?)")) {
          s.setString(1, run.runId());
          s.setString(2, run.requestId());
          s.setString(3, run.modelSlug());
          s.setString(4, run.image());
          s.setString(5, run.requestSha256());
          s.setString(6, run.requestJson());
          s.setString(7, run.callbackUrl());
          s.setObject(8, time(run.createdAt()));
          s.executeUpdate();
        }
        return new Insert(find(c, run.runId()).orElseThrow(), true);
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt == 0) {
          continue; // a concurrent dispatch of the same request won: answer with its run
        }
        throw failure("store run " + run.runId(), e);
      }
    }
  }

  /** The run of (request id, model slug), if one was dispatched. */
  public Optional<StoredRun> findByRequest(String requestId, String modelSlug) {
    try (Connection c = database.connection()) {
      return findByRequest(c, requestId, modelSlug);
    } catch (SQLException e) {
      throw failure("read the run of request " + requestId, e);
    }
  }

  public Optional<StoredRun> find(String runId) {
    try (Connection c = database.connection()) {
      return find(c, runId);
    } catch (SQLException e) {
      throw failure("read run " + runId, e);
    }
  }

  /** A page of runs, newest first; {@code beforeSeq} (exclusive) continues a listing. */
  public List<StoredRun> list(RunState state, String model, int limit, Long beforeSeq) {
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
    if (beforeSeq != null) {
      sql.append(" AND seq < ?");
      args.add(beforeSeq);
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    return query(sql.toString(), args);
  }

  /** The QUEUED runs in dispatch order. */
  public List<StoredRun> queued() {
    return query("SELECT " + COLUMNS + " FROM run WHERE state = 'QUEUED' ORDER BY seq", List.of());
  }

  /** The QUEUED runs dispatched before {@code instant}, in dispatch order. */
  public List<StoredRun> queuedBefore(Instant instant) {
    return query(
        "SELECT " + COLUMNS + " FROM run WHERE state = 'QUEUED' AND created_at < ? ORDER BY seq",
        List.of(time(instant)));
  }

  /**
   * Deletes at most {@code limit} ended runs (COMPLETE or FAILED) that ended before {@code before},
   * oldest first, with their stage history and callback deliveries; returns how many. QUEUED and
   * RUNNING runs are never deleted, whatever their age.
   */
  public int purgeEndedBefore(Instant before, int limit) {
    return update(
        "DELETE FROM run WHERE run_id IN (SELECT run_id FROM run"
            + " WHERE state IN ('COMPLETE', 'FAILED') AND finished_at < ?"
            + " ORDER BY finished_at LIMIT ?)",
        time(before),
        limit);
  }

  /** The RUNNING runs that node {@code nodeId} claimed. */
  public List<StoredRun> running(String nodeId) {
    return query(
        "SELECT " + COLUMNS + " FROM run WHERE state = 'RUNNING' AND node_id = ? ORDER BY seq",
        List.of(nodeId));
  }

  /** How many runs are QUEUED. */
  public long queuedCount() {
    return countByState().getOrDefault(RunState.QUEUED, 0L);
  }

  public Map<RunState, Long> countByState() {
    Map<RunState, Long> counts = new EnumMap<>(RunState.class);
    for (RunState s : RunState.values()) {
      counts.put(s, 0L);
    }
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement("SELECT state, COUNT(*) FROM run GROUP BY state");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        counts.put(RunState.valueOf(rows.getString(1)), rows.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw failure("count runs", e);
    }
  }

  /** QUEUED → RUNNING on {@code nodeId}; false when the run was not QUEUED any more. */
  public boolean claim(String runId, String nodeId, Instant now) {
    return update(
            "UPDATE run SET state = 'RUNNING', node_id = ?, started_at = ?"
                + " WHERE run_id = ? AND state = 'QUEUED'",
            nodeId,
            time(now),
            runId)
        == 1;
  }

  /**
   * QUEUED → RUNNING with the cancel flag, on {@code nodeId}: the caller then finishes the run
   * (which never starts its model). False when the run was not QUEUED any more.
   */
  public boolean claimForCancel(String runId, String nodeId, Instant now) {
    return update(
            "UPDATE run SET state = 'RUNNING', cancel_requested = TRUE, node_id = ?,"
                + " started_at = ? WHERE run_id = ? AND state = 'QUEUED'",
            nodeId,
            time(now),
            runId)
        == 1;
  }

  /**
   * Moves a RUNNING run from a lost node to {@code nodeId}; false when another node took it first
   * or it is not RUNNING on {@code lostNode} any more.
   */
  public boolean takeOver(String runId, String lostNode, String nodeId) {
    return update(
            "UPDATE run SET node_id = ? WHERE run_id = ? AND state = 'RUNNING' AND node_id = ?",
            nodeId,
            runId,
            lostNode)
        == 1;
  }

  /** The RUNNING runs of {@code nodeId} whose cancel flag is set. */
  public List<String> cancelFlagged(String nodeId) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM run WHERE state = 'RUNNING' AND node_id = ? AND cancel_requested = TRUE",
            List.of(nodeId))
        .stream()
        .map(StoredRun::runId)
        .toList();
  }

  /** Sets the cancel flag of a run that has not ended; false when it has (or does not exist). */
  public boolean flagCancel(String runId) {
    return update(
            "UPDATE run SET cancel_requested = TRUE WHERE run_id = ?"
                + " AND state IN ('QUEUED', 'RUNNING')",
            runId)
        == 1;
  }

  /** The run entered {@code stage}: closes the open history row and opens a new one. */
  public void enterStage(String runId, String stage, Instant now) {
    inTransaction(
        "record stage " + stage + " of run " + runId,
        c -> {
          execute(
              c,
              "UPDATE run_stage SET left_at = ? WHERE run_id = ? AND left_at IS NULL",
              time(now),
              runId);
          execute(
              c,
              "INSERT INTO run_stage (run_id, stage, entered_at) VALUES (?, ?, ?)",
              runId,
              stage,
              time(now));
          execute(
              c,
              "UPDATE run SET stage = ?, stage_entered_at = ? WHERE run_id = ?",
              stage,
              time(now),
              runId);
        });
  }

  public void recordIdentity(String runId, ModelIdentity identity, String storePrefix) {
    update(
        "UPDATE run SET engine = ?, image_id = ?, image_digest = ?, image_version = ?,"
            + " store_prefix = ? WHERE run_id = ?",
        identity.engine(),
        identity.id(),
        identity.digest(),
        identity.version(),
        storePrefix,
        runId);
  }

  public void recordExecution(String runId, String executionId) {
    update("UPDATE run SET execution_id = ? WHERE run_id = ?", executionId, runId);
  }

  public void recordCallback(String runId, CallbackDelivery delivery, Instant now) {
    update(
        "INSERT INTO run_callback (run_id, event, status, attempts, http_status, detail,"
            + " cancel_requested, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        runId,
        delivery.event(),
        delivery.status().name(),
        delivery.attempts(),
        delivery.httpStatus(),
        delivery.detail(),
        delivery.cancelRequested(),
        time(now));
  }

  /** The run ended: its final state, reason, artifacts and warnings. */
  public void finish(
      String runId,
      RunState state,
      JsonNode reason,
      List<Artifact> artifacts,
      List<String> warnings,
      Instant now) {
    if (!state.isFinal()) {
      throw new IllegalArgumentException("not a final state: " + state);
    }
    inTransaction(
        "finish run " + runId,
        c -> {
          execute(
              c,
              "UPDATE run_stage SET left_at = ? WHERE run_id = ? AND left_at IS NULL",
              time(now),
              runId);
          execute(
              c,
              "UPDATE run SET state = ?, reason_kind = ?, reason_message = ?, reason_json = ?,"
                  + " artifacts_json = ?, warnings_json = ?, finished_at = ? WHERE run_id = ?",
              state.name(),
              reason == null ? null : reason.path("kind").asText(null),
              reason == null ? null : reason.path("message").asText(null),
              reason == null ? null : json(reason),
              json(artifacts),
              json(warnings),
              time(now),
              runId);
        });
  }

  public List<StageEntry> stages(String runId) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT stage, entered_at, left_at FROM run_stage WHERE run_id = ? ORDER BY id")) {
      s.setString(1, runId);
      List<StageEntry> stages = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          stages.add(new StageEntry(rows.getString(1), instant(rows, 2), instant(rows, 3)));
        }
      }
      return stages;
    } catch (SQLException e) {
      throw failure("read the stages of run " + runId, e);
    }
  }

  public List<CallbackEntry> callbacks(String runId) {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event, status, attempts, http_status, detail, cancel_requested, sent_at"
                    + " FROM run_callback WHERE run_id = ? ORDER BY id")) {
      s.setString(1, runId);
      List<CallbackEntry> entries = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          int status = rows.getInt(4);
          entries.add(
              new CallbackEntry(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getInt(3),
                  rows.wasNull() ? null : status,
                  rows.getString(5),
                  rows.getBoolean(6),
                  instant(rows, 7)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw failure("read the callbacks of run " + runId, e);
    }
  }

  // --- plumbing ---

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(String what, Work work) {
    try (Connection c = database.connection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private int update(String sql, Object... args) {
    try (Connection c = database.connection()) {
      return execute(c, sql, args);
    } catch (SQLException e) {
      throw failure("update runs", e);
    }
  }

  private static int execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, java.util.Arrays.asList(args)); // nulls are values here
      return s.executeUpdate();
    }
  }

  private List<StoredRun> query(String sql, List<Object> args) {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      List<StoredRun> runs = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          runs.add(read(rows));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw failure("list runs", e);
    }
  }

  private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg == null) {
        // Untyped: the database takes the column's type. A VARCHAR null fails on PostgreSQL for
        // any other column type (e.g. run_callback.http_status of a callback that got no answer).
        s.setNull(i + 1, Types.NULL);
      } else {
        s.setObject(i + 1, arg);
      }
    }
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
        identity,
        r.getString("execution_id"),
        r.getString("store_prefix"),
        parse(r.getString("reason_json")),
        parseList(r.getString("artifacts_json"), ARTIFACTS),
        parseList(r.getString("warnings_json"), STRINGS),
        instant(r, "created_at"),
        instant(r, "started_at"),
        instant(r, "stage_entered_at"),
        instant(r, "finished_at"));
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

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static DatabaseException failure(String what, SQLException e) {
    return new DatabaseException("cannot " + what + ": " + e.getMessage(), e);
  }
}
