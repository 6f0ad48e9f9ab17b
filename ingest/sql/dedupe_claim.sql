-- Claim event ids (a JSON list) for a segment (the caller counts the rows it added).
INSERT INTO rolled SELECT value, ?, ? FROM json_each(?) WHERE true
ON CONFLICT DO NOTHING
