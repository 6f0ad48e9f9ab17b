-- The rows of `events` holding an event_id the load stages (a re-sent event, a reloaded
-- partition's own rows), found by one probe of every event_id: the statements after read these
-- instead of probing the whole history again each (~0.15-0.5 s a probe at 10 M events).
-- The probe reads the event_id column alone (`hits`: row ids), then only the matched rows'
-- other columns are fetched by row id: probing while selecting the whole rows read every
-- column of the history (0.8-1.1 s → 0.24-0.43 s at 10 M events, cold, decision 0066).
CREATE OR REPLACE TEMP TABLE events_matches AS
WITH hits AS MATERIALIZED (
    SELECT rowid AS rid FROM events WHERE event_id IN (SELECT event_id FROM events_staged)
)
SELECT rowid AS rid, event_id, visitor_id, session_id, ts, sent_at, received_at, date,
       lake_date, source_file
FROM events
WHERE rowid IN (SELECT rid FROM hits)
