-- Then the rows the load brought and every copy of a repeated id (the later ones it deleted).
INSERT INTO touched_events
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events SEMI JOIN loading_files USING (lake_date, source_file)
UNION ALL
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events_repeats
