-- Registry ids as UUID strings, as db/migration/V7. SQLite cannot change a column's type or
-- nullability in place, so the table is rebuilt: the integer id becomes seq (the listing order),
-- every existing row gets a new random version-4 UUID as its id, owner becomes optional.
ALTER TABLE registry_entry RENAME TO registry_entry_v6;

CREATE TABLE registry_entry (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            VARCHAR(36)   NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    version       VARCHAR(200)  NOT NULL,
    uri           VARCHAR(2000) NOT NULL,
    max_workers   INTEGER       NOT NULL,
    used_workers  INTEGER       NOT NULL,
    owner         VARCHAR(200),
    status        VARCHAR(16)   NOT NULL,
    last_seen     INTEGER       NOT NULL,
    registered_by VARCHAR(64),
    CONSTRAINT registry_entry_id_unique UNIQUE (id),
    CONSTRAINT registry_entry_uri_unique UNIQUE (uri)
);

INSERT INTO registry_entry
    (seq, id, name, version, uri, max_workers, used_workers, owner, status, last_seen,
     registered_by)
SELECT id,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
           || substr(lower(hex(randomblob(2))), 2) || '-'
           || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
           || '-' || lower(hex(randomblob(6))),
       name, version, uri, max_workers, used_workers, owner, status, last_seen, registered_by
FROM registry_entry_v6;

DROP TABLE registry_entry_v6;
