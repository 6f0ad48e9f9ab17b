-- The Paris dates (of the events' own times) whose sessions the touched events change.
SELECT DISTINCT paris_date(event_time(ts, sent_at, received_at)) AS date
FROM touched_events
