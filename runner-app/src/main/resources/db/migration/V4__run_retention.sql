-- Retention (runs.retention): ended runs are found by their end time, oldest first.
CREATE INDEX run_state_finished ON run (state, finished_at);
