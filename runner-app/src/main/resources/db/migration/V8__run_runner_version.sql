-- The model-runner version of the node that prepared a run, stored with its identity (issue 19:
-- the console shows it). Null for the runs prepared before this version.
ALTER TABLE run ADD COLUMN runner_version VARCHAR(100);
