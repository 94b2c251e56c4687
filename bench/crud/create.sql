-- The statement the server issues for a plain create (FlushStatement, Sources/FHIRStore/FlushStatement.swift)
-- of create.lua's Patient with its 10 search index rows (3 token, 6 string, 1 date), same body size.
WITH v AS (
    SELECT * FROM unnest(ARRAY['Patient'], ARRAY[gen_random_uuid()::text], ARRAY[1]::int4[], ARRAY[false], ARRAY['POST'],
        ARRAY[extract(epoch FROM clock_timestamp())::float8], ARRAY[''],
        ARRAY['{"resourceType":"Patient","id":"00000000-0000-4000-8000-000000000000","meta":{"versionId":"1","lastUpdated":"2026-11-29T15:00:00.000Z"},"identifier":[{"system":"http://example.org/bench","value":"b1"}],"name":[{"family":"Bench","given":["Wrk"]}],"gender":"female","birthDate":"1970-01-01"}'], ARRAY[false])
        WITH ORDINALITY AS v(res_type, id, version, deleted, method, ts, compartment, body, replaces, n)
), cur AS (
    INSERT INTO resource (res_type, id, version, deleted, last_updated, compartment, body)
    SELECT res_type, id, version, deleted, to_timestamp(ts), compartment, body FROM v
    ON CONFLICT (res_type, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
        last_updated = excluded.last_updated, compartment = excluded.compartment, body = excluded.body
    RETURNING sid, res_type, id
), hist AS (
    INSERT INTO resource_history (res_type, id, version, deleted, method, last_updated, compartment, body)
    SELECT res_type, id, version, deleted, method, to_timestamp(ts), compartment, body FROM v
), w AS (
    SELECT cur.sid, cur.res_type, v.n, v.replaces FROM cur JOIN v USING (res_type, id)
), del_0 AS (DELETE FROM search_token WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_1 AS (DELETE FROM search_string WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_2 AS (DELETE FROM search_date WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_3 AS (DELETE FROM search_number WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_4 AS (DELETE FROM search_quantity WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_5 AS (DELETE FROM search_uri WHERE sid IN (SELECT sid FROM w WHERE replaces)),
del_6 AS (DELETE FROM search_reference WHERE sid IN (SELECT sid FROM w WHERE replaces)),
ins_0 AS (INSERT INTO search_token (sid, res_type, param, grp, system, code, display) SELECT w.sid, w.res_type, u.param, u.grp, u.system, u.code, NULLIF(u.display, '')
    FROM unnest(ARRAY[1,1,1]::int8[], ARRAY['deceased','gender','identifier'], ARRAY[0,0,0]::int2[], ARRAY['','','http://example.org/bench'],
                ARRAY['false','female','b1'], ARRAY['','','']) AS u(n, param, grp, system, code, display) JOIN w ON w.n = u.n),
ins_1 AS (INSERT INTO search_string (sid, res_type, param, grp, value, exact) SELECT w.sid, w.res_type, u.param, u.grp, u.value, u.exact
    FROM unnest(ARRAY[1,1,1,1,1,1]::int8[], ARRAY['family','given','name','name','phonetic','phonetic'], ARRAY[0,0,0,0,0,0]::int2[],
                ARRAY['bench','wrk','bench','wrk','bench','wrk'], ARRAY['Bench','Wrk','Bench','Wrk','Bench','Wrk']) AS u(n, param, grp, value, exact) JOIN w ON w.n = u.n),
ins_2 AS (INSERT INTO search_date (sid, res_type, param, grp, lo, hi, long) SELECT w.sid, w.res_type, u.param, u.grp, u.lo, u.hi, u.long
    FROM unnest(ARRAY[1]::int8[], ARRAY['birthdate'], ARRAY[0]::int2[], ARRAY[0]::float8[], ARRAY[86400]::float8[], ARRAY[false]) AS u(n, param, grp, lo, hi, long) JOIN w ON w.n = u.n),
ins_3 AS (INSERT INTO search_number (sid, res_type, param, grp, value) SELECT w.sid, w.res_type, u.param, u.grp, u.value::numeric
    FROM unnest(ARRAY[]::int8[], ARRAY[]::text[], ARRAY[]::int2[], ARRAY[]::text[]) AS u(n, param, grp, value) JOIN w ON w.n = u.n),
ins_4 AS (INSERT INTO search_quantity (sid, res_type, param, grp, value, system, code) SELECT w.sid, w.res_type, u.param, u.grp, u.value::numeric, u.system, u.code
    FROM unnest(ARRAY[]::int8[], ARRAY[]::text[], ARRAY[]::int2[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[]) AS u(n, param, grp, value, system, code) JOIN w ON w.n = u.n),
ins_5 AS (INSERT INTO search_uri (sid, res_type, param, grp, value) SELECT w.sid, w.res_type, u.param, u.grp, u.value
    FROM unnest(ARRAY[]::int8[], ARRAY[]::text[], ARRAY[]::int2[], ARRAY[]::text[]) AS u(n, param, grp, value) JOIN w ON w.n = u.n)
INSERT INTO search_reference (sid, res_type, param, grp, target_type, target_id, url) SELECT w.sid, w.res_type, u.param, u.grp, u.ttype, u.tid, NULLIF(u.url, '')
    FROM unnest(ARRAY[]::int8[], ARRAY[]::text[], ARRAY[]::int2[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[]) AS u(n, param, grp, ttype, tid, url) JOIN w ON w.n = u.n;
