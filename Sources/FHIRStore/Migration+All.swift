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
        Migration(version: 2, name: "search-indexes", sql: #"""
-- Search indexes for every R4 SearchParameter. See docs/search.md for the design and the query shapes.
-- Databases created before this migration need `evident reindex` to fill them.

-- A time-ordered surrogate key: index rows point at it (8 bytes instead of type + id), and it is the
-- default, stable order of search results (keyset paging).
ALTER TABLE resource ADD COLUMN sid bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX resource_sid ON resource (sid);

-- Replaced by search_reference (references by search parameter).
DROP TABLE resource_ref;
DROP TABLE search_token;

-- token: Coding/CodeableConcept/Identifier/ContactPoint/code/boolean. display is normalised text for :text.
CREATE TABLE search_token (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    system   text     COLLATE "C" NOT NULL,
    code     text     COLLATE "C" NOT NULL,
    display  text     COLLATE "C"
);
CREATE INDEX search_token_code ON search_token (res_type, param, code, system, sid);
CREATE INDEX search_token_sid ON search_token (sid);

-- string: value is case- and accent-folded (prefix match by LIKE on the C collation); exact is as written.
CREATE TABLE search_string (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    value    text     COLLATE "C" NOT NULL,
    exact    text     COLLATE "C" NOT NULL
);
CREATE INDEX search_string_value ON search_string (res_type, param, value, sid);
CREATE INDEX search_string_sid ON search_string (sid);

-- date: the instants a value covers, [lo, hi) in seconds since the epoch (±infinity for open periods).
-- long: hi - lo > 1 day (periods, year/month precision); for the other rows every prefix bounds lo, so
-- conditions are ranges on search_date_lo. grp = -1: the resource has several values for the parameter.
CREATE TABLE search_date (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    lo       float8   NOT NULL,
    hi       float8   NOT NULL,
    long     boolean  NOT NULL
);
CREATE INDEX search_date_lo ON search_date (res_type, param, lo, hi, sid);
CREATE INDEX search_date_long ON search_date (res_type, param, hi, sid) WHERE long;
CREATE INDEX search_date_multi ON search_date (res_type, param, sid) WHERE grp < 0;
CREATE INDEX search_date_sid ON search_date (sid);

CREATE TABLE search_number (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    value    numeric  NOT NULL
);
CREATE INDEX search_number_value ON search_number (res_type, param, value, sid);
CREATE INDEX search_number_sid ON search_number (sid);

CREATE TABLE search_quantity (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    value    numeric  NOT NULL,
    system   text     COLLATE "C" NOT NULL,
    code     text     COLLATE "C" NOT NULL
);
CREATE INDEX search_quantity_value ON search_quantity (res_type, param, value, sid);
CREATE INDEX search_quantity_sid ON search_quantity (sid);

CREATE TABLE search_uri (
    sid      bigint   NOT NULL,
    res_type text     NOT NULL,
    param    text     NOT NULL,
    grp      smallint NOT NULL DEFAULT 0,
    value    text     COLLATE "C" NOT NULL
);
CREATE INDEX search_uri_value ON search_uri (res_type, param, value, sid);
CREATE INDEX search_uri_sid ON search_uri (sid);

-- reference: local targets as (target_type, target_id); external URLs and canonicals in url.
-- One index serves forward search (subject=Patient/1), _revinclude, _has and chains, all keyed by target.
CREATE TABLE search_reference (
    sid         bigint   NOT NULL,
    res_type    text     NOT NULL,
    param       text     NOT NULL,
    grp         smallint NOT NULL DEFAULT 0,
    target_type text     NOT NULL DEFAULT '',
    target_id   text     NOT NULL DEFAULT '',
    url         text     COLLATE "C"
);
CREATE INDEX search_reference_target ON search_reference (target_id, target_type, res_type, param, sid);
CREATE INDEX search_reference_url ON search_reference (res_type, param, url) WHERE url IS NOT NULL;
CREATE INDEX search_reference_sid ON search_reference (sid);
"""#),
    ]
}
