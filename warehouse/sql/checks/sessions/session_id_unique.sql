-- check: One row per session id.
SELECT count(*) - count(DISTINCT session_id) FROM sessions
