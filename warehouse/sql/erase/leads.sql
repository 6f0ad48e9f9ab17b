-- The warehouse copy of erased leads: the rows stay (counts and money), their tracker ids go
-- (the hub copy carries no other personal field; the next copy brings the erased row).
UPDATE leads SET visitor_id = NULL, session_id = NULL WHERE list_contains($lead_ids, id);
