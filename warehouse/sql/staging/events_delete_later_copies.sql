-- Keep only the first received copy of each repeated event_id (events_repeats).
DELETE FROM events WHERE rowid IN (SELECT rid FROM events_repeats WHERE rn > 1)
