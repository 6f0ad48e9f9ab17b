-- The events a load changes (warehouse/incremental.py marks their dates), first the rows of the
-- partitions it replaces, as they were before (events_touched_after adds the rest). Only built
-- when an incremental model is built already (a first build is whole).
CREATE OR REPLACE TEMP TABLE touched_events AS
SELECT event_id, visitor_id, session_id, ts, sent_at, received_at, date
FROM events
WHERE lake_date IN (SELECT lake_date FROM loading_days WHERE replace)
