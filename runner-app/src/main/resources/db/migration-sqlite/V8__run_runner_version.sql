-- The model-runner version of the node that prepared a run, as db/migration/V8. Null for the runs
-- prepared before this version.
ALTER TABLE run ADD COLUMN runner_version VARCHAR(100);
