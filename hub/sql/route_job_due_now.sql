-- Make the lead's waiting route job due now (a job leased by a worker is left to it).
UPDATE outbox SET available_at = :now
WHERE kind = 'route'
  AND ref_id = :lead_id
  AND done_at IS NULL
  AND (lease_until IS NULL OR lease_until < :now);
