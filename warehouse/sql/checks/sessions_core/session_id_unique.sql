-- check: One row per session id (among the sessions of the last 8 days of events).
-- (`sessions` is this table left-joined to one outcome row per session: one row per id too.)
-- A new minute rebuilds sessions within a week of the newest (an event's own time is trusted
-- within 7 days); counting every distinct id of the history each minute cost ~0.5 s at 10 M
-- events. An id is a hash of its visitor and first event, and each event is in one session
-- (events_complete, over the whole table): a doubled session elsewhere fails that check.
SELECT count(*) - count(DISTINCT session_id)
FROM sessions_core
WHERE date >= (SELECT max(date) FROM sessions_core) - 8
