-- bench/search: rows and on-disk size (heap+TOAST, indexes) of resource, resource_history, resource_ref
-- and every search_* table (partitioned tables summed over their partitions), then the totals.
\set ON_ERROR_STOP on
\pset footer off
WITH t AS (
  SELECT c.oid, c.relname, c.relkind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(temp|toast)'
    AND (c.relname IN ('resource', 'resource_history', 'resource_ref') OR c.relname LIKE 'search\_%')
), s AS (
  SELECT t.relname,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', t.oid::regclass),
                                              false, true, '')))[1]::text::bigint AS n,
         CASE WHEN t.relkind = 'p' THEN (SELECT sum(pg_table_size(p.relid)) FROM pg_partition_tree(t.oid) p)::bigint
              ELSE pg_table_size(t.oid) END AS heap,
         CASE WHEN t.relkind = 'p' THEN (SELECT sum(pg_indexes_size(p.relid)) FROM pg_partition_tree(t.oid) p)::bigint
              ELSE pg_indexes_size(t.oid) END AS idx
  FROM t
), r AS (
  SELECT 0 AS k, relname, n, heap, idx FROM s
  UNION ALL SELECT 1, 'search_* (sum)', sum(n), sum(heap), sum(idx) FROM s WHERE relname LIKE 'search\_%'
  UNION ALL SELECT 2, 'all above', sum(n), sum(heap), sum(idx) FROM s
)
SELECT relname AS "table", n AS "rows", pg_size_pretty(heap) AS "table", pg_size_pretty(idx) AS "indexes",
       pg_size_pretty(heap + idx) AS "total"
FROM r ORDER BY k, relname;
SELECT pg_size_pretty(pg_database_size(current_database())) AS "database size";
