-- The statement the server issues for a plain create (FlushStatement with one resource,
-- one identifier token and no references), with the same body size as create.lua's Patient.
WITH v AS (
    SELECT * FROM unnest(ARRAY['Patient'], ARRAY[gen_random_uuid()::text], ARRAY[1]::int4[], ARRAY[false], ARRAY['POST'],
        ARRAY[extract(epoch FROM clock_timestamp())::float8], ARRAY[''],
        ARRAY['{"resourceType":"Patient","id":"00000000-0000-4000-8000-000000000000","meta":{"versionId":"1","lastUpdated":"2026-11-29T15:00:00.000Z"},"identifier":[{"system":"http://example.org/bench","value":"b1"}],"name":[{"family":"Bench","given":["Wrk"]}],"gender":"female","birthDate":"1970-01-01"}'])
        AS v(res_type, id, version, deleted, method, ts, compartment, body)
), cur AS (
    INSERT INTO resource (res_type, id, version, deleted, last_updated, compartment, body)
    SELECT res_type, id, version, deleted, to_timestamp(ts), compartment, body FROM v
    ON CONFLICT (res_type, id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted,
        last_updated = excluded.last_updated, compartment = excluded.compartment, body = excluded.body
), hist AS (
    INSERT INTO resource_history (res_type, id, version, deleted, method, last_updated, compartment, body)
    SELECT res_type, id, version, deleted, method, to_timestamp(ts), compartment, body FROM v
), old_refs AS (
    DELETE FROM resource_ref WHERE (src_type, src_id) IN (SELECT * FROM unnest(ARRAY[]::text[], ARRAY[]::text[]))
), old_tokens AS (
    DELETE FROM search_token WHERE (res_type, id) IN (SELECT * FROM unnest(ARRAY[]::text[], ARRAY[]::text[]))
), refs AS (
    INSERT INTO resource_ref (src_type, src_id, path, target_type, target_id, compartment)
    SELECT * FROM unnest(ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[])
)
INSERT INTO search_token (res_type, id, param, system, code, compartment)
SELECT v.res_type, v.id, 'identifier', 'http://example.org/bench', 'b1', '' FROM v;
