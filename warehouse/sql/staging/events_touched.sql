-- The events a load changes: the loaded partitions' rows before the load, the later copies it
-- removes elsewhere (`events_matches`), and the rows it stages (warehouse/incremental.py marks
-- their dates).
CREATE OR REPLACE TEMP TABLE touched_events AS
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events
WHERE lake_date IN (SELECT lake_date FROM loading_days WHERE replace)
UNION ALL
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events_matches
WHERE lake_date NOT IN (SELECT lake_date FROM loading_days WHERE replace)
UNION ALL
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events_staged
