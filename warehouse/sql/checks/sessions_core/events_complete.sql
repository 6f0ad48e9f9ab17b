-- check: Every event is in exactly one session.
-- The sessions' event counts add up to the events table (none lost or counted twice).
SELECT abs((SELECT coalesce(sum(events), 0) FROM sessions_core) - (SELECT count(*) FROM events))
