-- Registry protection (issue 13): the client address that registered an entry, in its normal text
-- form (IPv4 dotted, IPv6 as Java writes it). Only that address, or a caller presenting
-- registry.token, may change or delete the entry. NULL for entries registered before this
-- migration: the next write from a trusted network claims them.
-- Written for both H2 (PostgreSQL mode) and PostgreSQL.
ALTER TABLE registry_entry ADD COLUMN registered_by VARCHAR(64);
