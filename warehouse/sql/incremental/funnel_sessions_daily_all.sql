-- Every Paris date received that has events: a whole rebuild.
SELECT DISTINCT date FROM events
