-- check: One row per session id.
-- (`sessions` is this table left-joined to one outcome row per session: one row per id too.)
SELECT count(*) - count(DISTINCT session_id) FROM sessions_core
