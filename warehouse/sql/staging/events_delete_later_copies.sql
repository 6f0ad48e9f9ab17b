-- An event_id re-sent across midnight lands in two partitions: keep the first received copy.
DELETE FROM events AS e
USING events_staged AS s
WHERE e.event_id = s.event_id AND e.received_at > s.received_at
