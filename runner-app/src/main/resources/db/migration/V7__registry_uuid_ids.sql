-- Registry ids as the deployed Model-Registry has them (issue 15): UUID strings. The integer id of
-- the earlier schema becomes seq, the listing order (registration order); every existing row gets a
-- new random UUID as its id. owner becomes optional, as it is there.
-- Written for both H2 (PostgreSQL mode) and PostgreSQL (gen_random_uuid: PostgreSQL 13 and later).
ALTER TABLE registry_entry RENAME COLUMN id TO seq;
ALTER TABLE registry_entry ADD COLUMN id VARCHAR(36);
UPDATE registry_entry SET id = CAST(gen_random_uuid() AS VARCHAR(36));
ALTER TABLE registry_entry ALTER COLUMN id SET NOT NULL;
ALTER TABLE registry_entry ADD CONSTRAINT registry_entry_id_unique UNIQUE (id);
ALTER TABLE registry_entry ALTER COLUMN owner DROP NOT NULL;
