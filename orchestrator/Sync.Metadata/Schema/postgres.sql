-- Metadata schema, PostgreSQL. Times are Unix milliseconds (UTC); states are enum names.
CREATE TABLE IF NOT EXISTS dag (
    dag_id      TEXT    NOT NULL PRIMARY KEY,
    is_paused   INTEGER NOT NULL DEFAULT 0,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE IF NOT EXISTS dag_run (
    dag_id       TEXT    NOT NULL,
    run_id       TEXT    NOT NULL,
    logical_date BIGINT  NOT NULL,
    state        TEXT    NOT NULL,
    triggered_by TEXT    NOT NULL,
    params       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    started_at   BIGINT  NULL,
    ended_at     BIGINT  NULL,
    error        TEXT    NULL,
    PRIMARY KEY (dag_id, run_id),
    -- one run per tick, whichever replica or restart creates it
    CONSTRAINT uq_dag_run_logical_date UNIQUE (dag_id, logical_date)
);
CREATE INDEX IF NOT EXISTS ix_dag_run_state ON dag_run (state, dag_id);

CREATE TABLE IF NOT EXISTS task_instance (
    dag_id           TEXT             NOT NULL,
    run_id           TEXT             NOT NULL,
    task_id          TEXT             NOT NULL,
    kind             TEXT             NOT NULL,
    state            TEXT             NOT NULL,
    attempt          INTEGER          NOT NULL,
    max_attempts     INTEGER          NOT NULL,
    queued_at        BIGINT           NULL,
    started_at       BIGINT           NULL,
    ended_at         BIGINT           NULL,
    duration_seconds DOUBLE PRECISION NULL,
    rows_loaded      BIGINT           NULL,
    bytes            BIGINT           NULL,
    log_location     TEXT             NULL,
    error            TEXT             NULL,
    executor_id      TEXT             NULL,
    next_retry_at    BIGINT           NULL,
    upstream         TEXT             NOT NULL,
    spec             TEXT             NOT NULL,
    policy           TEXT             NOT NULL,
    PRIMARY KEY (dag_id, run_id, task_id),
    FOREIGN KEY (dag_id, run_id) REFERENCES dag_run (dag_id, run_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS ix_task_instance_state ON task_instance (state);
