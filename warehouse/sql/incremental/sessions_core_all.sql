-- Every Paris date (of the events' own times) that has events: a whole rebuild.
SELECT DISTINCT paris_date(event_time(ts, sent_at, received_at)) AS date FROM events
