-- Crash safety (issue 13): a fencing token on every claim of a run, the durable callback outbox,
-- and one row that serializes dispatches (the queue limit and the idempotency rule hold across a
-- pool). Written for both H2 (PostgreSQL mode) and PostgreSQL.

-- Incremented by every claim, reclaim and takeover of a run; a write by an execution must name the
-- epoch it claimed, so an execution that lost its claim cannot change the run any more.
ALTER TABLE run ADD COLUMN claim_epoch BIGINT NOT NULL DEFAULT 0;

-- The callback outbox: one row per (run, event), written in the same transaction as the state it
-- reports and delivered from here, in order per run (seq), until acknowledged or expired.
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
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_attempt_at  TIMESTAMP WITH TIME ZONE,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    lease_owner      VARCHAR(200),
    lease_until      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX callback_event_run ON callback_event (run_id, seq);
CREATE INDEX callback_event_due ON callback_event (state, next_attempt_at);

-- The delivery log of runs recorded before the outbox existed, kept as ended events.
INSERT INTO callback_event (event_id, run_id, seq, event, request_id, callback_url, body, state,
    attempts, http_status, detail, cancel_requested, created_at, expires_at, last_attempt_at,
    delivered_at)
SELECT 'legacy-' || CAST(c.id AS VARCHAR(20)), c.run_id,
    CASE WHEN c.event = 'start' THEN 1 ELSE 2 END, c.event, r.request_id, r.callback_url, NULL,
    c.status, c.attempts, c.http_status, c.detail, c.cancel_requested, c.sent_at, c.sent_at,
    c.sent_at, CASE WHEN c.status = 'DELIVERED' THEN c.sent_at END
FROM run_callback c JOIN run r ON r.run_id = c.run_id;
DROP TABLE run_callback;

-- Every dispatch locks this row first, so that counting the queue and inserting runs is atomic.
CREATE TABLE dispatch_lock (id INTEGER PRIMARY KEY);
INSERT INTO dispatch_lock (id) VALUES (1);
