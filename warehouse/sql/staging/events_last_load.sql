-- The event_ids this load staged (a reloaded partition's, an appended file's): what the
-- event_id_unique check probes the history for (checks/events/event_id_unique.sql).
CREATE OR REPLACE TABLE events_last_load AS
SELECT DISTINCT event_id FROM events_staged
