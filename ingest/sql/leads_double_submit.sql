-- The first lead of this form with the same session and phone since the given time.
SELECT id, status
FROM leads
WHERE session_id = ? AND phone_e164 = ? AND created_at >= ? AND form_id = ?
ORDER BY created_at, id
LIMIT 1
