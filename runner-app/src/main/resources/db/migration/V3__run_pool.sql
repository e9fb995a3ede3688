-- The run queue shared by a pool of nodes (db-scheduler's table; VARCHAR keys so that H2 accepts
-- them in a primary key) and the nodes themselves. For both H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(200)  NOT NULL,
    task_instance        VARCHAR(200)  NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN       NOT NULL,
    picked_by            VARCHAR(200),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT        NOT NULL,
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
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_heartbeat TIMESTAMP WITH TIME ZONE NOT NULL
);
