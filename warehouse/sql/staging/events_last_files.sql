-- The files this load read: the event_id_unique check probes the history for their ids
-- (checks/events/event_id_unique.sql).
DELETE FROM events_last_files;
INSERT INTO events_last_files SELECT lake_date, source_file FROM loading_files
