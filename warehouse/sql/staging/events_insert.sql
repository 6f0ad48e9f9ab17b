INSERT INTO events BY NAME
SELECT s.*
FROM events_staged AS s
-- not when an earlier copy stays in events: a matched row outside the replaced partitions and
-- not deleted as a later copy (events_delete_later_copies)
WHERE NOT EXISTS (
    SELECT 1
    FROM events_matches AS m
    WHERE m.event_id = s.event_id
      AND m.lake_date NOT IN (SELECT lake_date FROM loading_days WHERE replace)
      AND (m.received_at, m.lake_date, m.source_file)
        <= (s.received_at, s.lake_date, s.source_file)
)
