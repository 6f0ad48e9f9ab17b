-- Among event ids (a JSON list), those another segment claimed first.
SELECT event_id FROM rolled WHERE segment <> ?
AND event_id IN (SELECT value FROM json_each(?))
