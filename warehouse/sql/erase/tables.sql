-- The base tables of the open warehouse database and the person-linked columns each holds.
SELECT c.table_name, list(c.column_name ORDER BY c.column_name) AS columns
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
  ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema
 AND t.table_name = c.table_name
WHERE t.table_type = 'BASE TABLE' AND c.table_catalog = current_database()
  AND c.table_schema = 'main'
  AND c.column_name IN ('event_id', 'visitor_id', 'session_id', 'tracker_session_id')
GROUP BY c.table_name
ORDER BY c.table_name;
