-- The events a partition load changes: the partition's rows before the load, the later copies
-- it removes elsewhere, and the rows it stages (warehouse/incremental.py marks their dates).
CREATE OR REPLACE TEMP TABLE touched_events AS
SELECT event_id, session_id, ts, sent_at, received_at, date
FROM events
WHERE lake_date = CAST($lake_date AS DATE)
   OR event_id IN (SELECT event_id FROM events_staged)
UNION ALL
SELECT event_id, session_id, ts, sent_at, received_at, date
FROM events_staged
