-- A commande was created or changed: make the waiting route jobs of its product due now.
-- A job leased by a worker is left to that worker.
UPDATE outbox SET available_at = :now
WHERE kind = 'route'
  AND done_at IS NULL
  AND available_at > :now
  AND (lease_until IS NULL OR lease_until < :now)
  AND ref_id IN (SELECT id FROM leads
                 WHERE product_code = :product AND status IN ('new', 'unrouted'));
