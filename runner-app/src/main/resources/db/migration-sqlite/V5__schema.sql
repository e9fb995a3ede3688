-- The embedded SQLite database: the schema of db/migration V1 to V5 in one step (versions 1 to 4
-- do not exist here), so that a schema version means the same tables on every database. Later
-- migrations come in both folders under the same version.
-- SQLite's own rules: timestamps are INTEGER milliseconds since the Unix epoch (UTC), booleans
-- 0 and 1; an INTEGER PRIMARY KEY is the row id (the identity); lengths are not enforced by the
-- database (the service bounds every input before it stores it).

CREATE TABLE registry_entry (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         VARCHAR(200)  NOT NULL,
    version      VARCHAR(200)  NOT NULL,
    uri          VARCHAR(2000) NOT NULL,
    max_workers  INTEGER       NOT NULL,
    used_workers INTEGER       NOT NULL,
    owner        VARCHAR(200)  NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    last_seen    INTEGER       NOT NULL,
    CONSTRAINT registry_entry_uri_unique UNIQUE (uri)
);

CREATE TABLE run (
    run_id           VARCHAR(200)  PRIMARY KEY,
    seq              INTEGER,
    request_id       VARCHAR(500)  NOT NULL,
    model_slug       VARCHAR(200)  NOT NULL,
    image            VARCHAR(1000) NOT NULL,
    request_sha256   VARCHAR(64)   NOT NULL,
    request_json     TEXT          NOT NULL,
    callback_url     VARCHAR(2000),
    state            VARCHAR(16)   NOT NULL,
    stage            VARCHAR(32),
    node_id          VARCHAR(200),
    cancel_requested BOOLEAN       NOT NULL DEFAULT FALSE,
    engine           VARCHAR(32),
    image_id         VARCHAR(1000),
    image_digest     VARCHAR(1000),
    image_version    VARCHAR(200),
    execution_id     VARCHAR(1000),
    store_prefix     VARCHAR(1000),
    reason_kind      VARCHAR(32),
    reason_message   TEXT,
    reason_json      TEXT,
    artifacts_json   TEXT,
    warnings_json    TEXT,
    created_at       INTEGER       NOT NULL,
    started_at       INTEGER,
    stage_entered_at INTEGER,
    finished_at      INTEGER,
    claim_epoch      INTEGER       NOT NULL DEFAULT 0,
    CONSTRAINT run_seq_unique UNIQUE (seq),
    CONSTRAINT run_request_model_unique UNIQUE (request_id, model_slug)
);
-- seq, the dispatch order: the row's own id, given when it is inserted (the others' identity).
CREATE TRIGGER run_seq AFTER INSERT ON run FOR EACH ROW WHEN NEW.seq IS NULL
BEGIN
    UPDATE run SET seq = NEW.rowid WHERE rowid = NEW.rowid;
END;
CREATE INDEX run_state_seq ON run (state, seq);
CREATE INDEX run_model_seq ON run (model_slug, seq);
CREATE INDEX run_state_finished ON run (state, finished_at);

CREATE TABLE run_stage (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id     VARCHAR(200) NOT NULL REFERENCES run (run_id) ON DELETE CASCADE,
    stage      VARCHAR(32)  NOT NULL,
    entered_at INTEGER      NOT NULL,
    left_at    INTEGER
);
CREATE INDEX run_stage_run ON run_stage (run_id, id);

CREATE TABLE callback_event (
    event_id         VARCHAR(64)   PRIMARY KEY,
    run_id           VARCHAR(200)  NOT NULL REFERENCES run (run_id) ON DELETE CASCADE,
    seq              INTEGER       NOT NULL,
    event            VARCHAR(16)   NOT NULL,
    request_id       VARCHAR(500)  NOT NULL,
    callback_url     VARCHAR(2000),
    body             TEXT,
    state            VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    http_status      INTEGER,
    detail           TEXT          NOT NULL,
    cancel_requested BOOLEAN       NOT NULL,
    created_at       INTEGER       NOT NULL,
    expires_at       INTEGER       NOT NULL,
    next_attempt_at  INTEGER,
    last_attempt_at  INTEGER,
    delivered_at     INTEGER,
    lease_owner      VARCHAR(200),
    lease_until      INTEGER
);
CREATE INDEX callback_event_run ON callback_event (run_id, seq);
CREATE INDEX callback_event_due ON callback_event (state, next_attempt_at);

CREATE TABLE dispatch_lock (id INTEGER PRIMARY KEY);
INSERT INTO dispatch_lock (id) VALUES (1);

-- db-scheduler's table (its timestamps are milliseconds here too).
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(200) NOT NULL,
    task_instance        VARCHAR(200) NOT NULL,
    task_data            BLOB,
    execution_time       INTEGER      NOT NULL,
    picked               BOOLEAN      NOT NULL,
    picked_by            VARCHAR(200),
    last_success         INTEGER,
    last_failure         INTEGER,
    consecutive_failures INTEGER,
    last_heartbeat       INTEGER,
    version              INTEGER      NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_time ON scheduled_tasks (priority DESC, execution_time ASC);

CREATE TABLE runner_node (
    node_id        VARCHAR(200)  PRIMARY KEY,
    labels         VARCHAR(2000) NOT NULL,
    max_concurrent INTEGER       NOT NULL,
    active_runs    INTEGER       NOT NULL,
    version        VARCHAR(100)  NOT NULL,
    address        VARCHAR(500)  NOT NULL,
    started_at     INTEGER       NOT NULL,
    last_heartbeat INTEGER       NOT NULL
);
