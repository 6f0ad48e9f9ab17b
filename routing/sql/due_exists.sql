-- Cheap read before taking the write lock: is anything claimable now?
SELECT 1 FROM outbox
WHERE done_at IS NULL
  AND available_at <= :now
  AND (lease_until IS NULL OR lease_until < :now)
LIMIT 1;
