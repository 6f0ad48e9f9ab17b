-- The person's visitor and tracker session ids waiting in lead_attribution's marks (decision
-- 0063): gone (the erased leads are redone by the next hub copy: the hub erasure changes them).
DELETE FROM model_dirty_rows
WHERE kind = 'id' AND (list_contains($visitor_ids, key) OR list_contains($session_ids, key))
