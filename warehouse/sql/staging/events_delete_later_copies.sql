-- An event_id re-sent across midnight lands in two partitions (or, appended, in two files of
-- one): keep the first received copy, in the staging's order (received, partition, file).
DELETE FROM events AS e
USING events_staged AS s
WHERE e.event_id = s.event_id
  AND (e.received_at, e.lake_date, e.source_file) > (s.received_at, s.lake_date, s.source_file)
