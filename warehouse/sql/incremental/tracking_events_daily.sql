-- The Paris dates received that the touched events change.
SELECT DISTINCT date FROM touched_events
