-- Claim event ids (a JSON list) for a segment; returns those newly claimed.
INSERT INTO rolled SELECT value, ?, ? FROM json_each(?) WHERE true
ON CONFLICT DO NOTHING RETURNING event_id
