INSERT INTO events BY NAME
SELECT s.*
FROM events_staged AS s
WHERE NOT EXISTS (SELECT 1 FROM events AS e WHERE e.event_id = s.event_id)
