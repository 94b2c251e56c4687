-- The statement the server prepares for read-by-id (ReadStatement.swift).
\set n random(1, 1000)
SELECT version, extract(epoch FROM last_updated)::float8, deleted, body FROM resource WHERE res_type = 'Observation' AND id = 'bench-' || :n;
