/// The schema migrations, in order. Append new ones; never edit one that has shipped.
/// Statements are separated by a semicolon at the end of a line.
extension Migration {
    public static let all: [Migration] = [
        Migration(version: 1, name: "initial", sql: #"""
-- Evident storage schema v1. See docs/storage.md for the design.

-- Current version of every resource (one row per logical resource, tombstoned on delete).
CREATE TABLE resource (
    res_type     text        NOT NULL,
    id           text        NOT NULL,
    version      integer     NOT NULL,
    deleted      boolean     NOT NULL DEFAULT false,
    last_updated timestamptz NOT NULL,
    -- Partition key for later distribution: the Patient compartment the resource belongs to ('' = none).
    compartment  text        NOT NULL DEFAULT '',
    -- Exact JSON text served on read; never re-serialised.
    body         text        COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (res_type, id)
);
CREATE INDEX resource_type_updated ON resource (res_type, last_updated);
CREATE INDEX resource_compartment ON resource (compartment) WHERE compartment <> '';

-- Every version, including delete tombstones (body '' for deletes). Doubles as the change log:
-- seq orders changes, txid (the writing transaction) gives a safe horizon for incremental sync.
CREATE TABLE resource_history (
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    res_type     text        NOT NULL,
    id           text        NOT NULL,
    version      integer     NOT NULL,
    deleted      boolean     NOT NULL,
    method       text        NOT NULL,
    last_updated timestamptz NOT NULL,
    txid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    compartment  text        NOT NULL DEFAULT '',
    body         text        COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (res_type, id, version)
);
CREATE UNIQUE INDEX resource_history_seq ON resource_history (seq);
CREATE INDEX resource_history_type_seq ON resource_history (res_type, seq);
CREATE INDEX resource_history_txid ON resource_history (txid, seq);

-- Outgoing references of the current version of each resource (source -> target).
CREATE TABLE resource_ref (
    src_type    text NOT NULL,
    src_id      text NOT NULL,
    path        text NOT NULL,
    target_type text NOT NULL,
    target_id   text NOT NULL,
    compartment text NOT NULL DEFAULT ''
);
CREATE INDEX resource_ref_src ON resource_ref (src_type, src_id);
CREATE INDEX resource_ref_target ON resource_ref (target_type, target_id);

-- Token index (system|code) of the current version, e.g. Patient.identifier. The search engine fills
-- this for every token SearchParameter; the foundation indexes `identifier`.
CREATE TABLE search_token (
    res_type    text NOT NULL,
    id          text NOT NULL,
    param       text NOT NULL,
    system      text NOT NULL DEFAULT '',
    code        text NOT NULL,
    compartment text NOT NULL DEFAULT ''
);
CREATE INDEX search_token_lookup ON search_token (res_type, param, code, system);
CREATE INDEX search_token_owner ON search_token (res_type, id);
"""#),
    ]
}
