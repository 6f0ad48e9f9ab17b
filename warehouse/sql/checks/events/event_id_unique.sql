-- check: No event_id appears twice in events.
SELECT count(*) - count(DISTINCT event_id) FROM events
