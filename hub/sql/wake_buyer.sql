-- A buyer's settings changed: its parked deliveries are due now (jobs leased by a worker are
-- left to it), and so are the waiting route jobs of the products it has commandes for.
UPDATE outbox SET available_at = :now
WHERE done_at IS NULL
  AND available_at > :now
  AND (lease_until IS NULL OR lease_until < :now)
  AND ((kind = 'deliver'
        AND ref_id IN (SELECT id FROM deliveries WHERE buyer_id = :buyer_id AND status = 'pending'))
    OR (kind = 'route'
        AND ref_id IN (SELECT l.id FROM leads l
                       WHERE l.status IN ('new', 'unrouted')
                         AND l.product_code IN (SELECT product_code FROM commandes
                                                WHERE buyer_id = :buyer_id))));
