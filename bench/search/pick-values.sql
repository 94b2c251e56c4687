-- bench/search: realistic query values, read from the stored resources (resource.body), so it works
-- whatever the search-index schema is. Output: key=value lines (psql -At). One scan of the Observations.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_obs AS
SELECT substring(j->'subject'->>'reference' from '(?:^|/)Patient/([^/]+)$') AS patient,
       left(coalesce(j->>'effectiveDateTime', j->'effectivePeriod'->>'start', j->>'issued'), 7) AS month,
       ARRAY(SELECT c->>'code' FROM jsonb_array_elements(coalesce(j->'code'->'coding', '[]')) c
             WHERE c->>'system' = 'http://loinc.org') AS codes
FROM (SELECT body::jsonb AS j FROM resource WHERE res_type = 'Observation') s;
CREATE TEMP TABLE bench_codes AS SELECT code, count(*) AS n FROM bench_obs, unnest(codes) code GROUP BY code;
SELECT 'observations=' || count(*) FROM bench_obs;
-- A common vital-sign code (Body Height / Body Weight when present), else the most frequent.
SELECT 'code=' || code, 'code_count=' || n FROM bench_codes
  ORDER BY code = '8302-2' DESC, code = '29463-7' DESC, n DESC, code LIMIT 1;
-- The rarest LOINC code, for _has (few Patients match).
SELECT 'rare_code=' || code, 'rare_code_count=' || n FROM bench_codes ORDER BY n, code LIMIT 1;
-- The Patient with the most Observations (reference, _include, paging).
SELECT 'patient=' || patient, 'patient_observations=' || count(*) FROM bench_obs WHERE patient IS NOT NULL
  GROUP BY patient ORDER BY count(*) DESC, patient LIMIT 1;
-- The busiest month: date=ge<first day>&date=lt<first day of next month>.
SELECT 'd1=' || month || '-01', 'd2=' || to_char((month || '-01')::date + interval '1 month', 'YYYY-MM-DD'),
       'month_observations=' || count(*)
  FROM bench_obs WHERE month ~ '^\d{4}-\d{2}$' GROUP BY month ORDER BY count(*) DESC, month LIMIT 1;
-- The most common family name (chain) and its first 3 letters (string prefix).
SELECT 'family=' || f, 'prefix=' || left(f, 3), 'family_patients=' || count(*)
  FROM (SELECT body::jsonb->'name'->0->>'family' AS f FROM resource WHERE res_type = 'Patient') s
  WHERE f IS NOT NULL GROUP BY f ORDER BY count(*) DESC, f LIMIT 1;
