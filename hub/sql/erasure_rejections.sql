-- Refused submissions that may hold a person's data (their payload is matched in Python).
SELECT id, account_id, payload FROM lead_rejections WHERE payload <> '{}';
