-- The leads a simulation replays: created in [:since, :until), in arrival order, except those
-- routing never takes (invalid, duplicate, suspicious, spam).
SELECT * FROM leads
WHERE created_at >= :since AND created_at < :until
  AND status NOT IN ('invalid', 'duplicate', 'suspicious', 'spam')
  AND COALESCE(phone_class, '') <> 'invalid'
ORDER BY created_at, id;
