-- Registry protection (issue 13), as db/migration/V6: the client address that registered an entry.
ALTER TABLE registry_entry ADD COLUMN registered_by VARCHAR(64);
