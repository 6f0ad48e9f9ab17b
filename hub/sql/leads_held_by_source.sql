-- The leads held because of their traffic source.
SELECT id FROM leads WHERE status = 'held' AND source = :source;
