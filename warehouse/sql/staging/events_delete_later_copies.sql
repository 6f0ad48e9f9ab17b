-- An event_id re-sent across midnight lands in two partitions (or, appended, in two files of
-- one): keep the first received copy, in the staging's order (received, partition, file).
-- The candidates are `events_matches` (rows of the replaced partitions are already deleted).
DELETE FROM events
WHERE rowid IN (
    SELECT m.rid
    FROM events_matches AS m
    JOIN events_staged AS s ON s.event_id = m.event_id
    WHERE m.lake_date NOT IN (SELECT lake_date FROM loading_days WHERE replace)
      AND (m.received_at, m.lake_date, m.source_file) > (s.received_at, s.lake_date, s.source_file)
)
