-- The first lead of this form with the same session and phone since the given time.
-- `+form_id`: looked up by session and phone (leads_session_phone); planned freely, SQLite took
-- leads_form_created and read every lead of the form of the last 10 s, inside the lead's write
-- transaction (issue 13).
SELECT id, status
FROM leads
WHERE session_id = ? AND phone_e164 = ? AND created_at >= ? AND +form_id = ?
ORDER BY created_at, id
LIMIT 1
