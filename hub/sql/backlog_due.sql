-- Sold leads due for backlog ("LB") resale: no live sale since :resale_before, young enough,
-- no route job waiting, some active commande of a buyer that never had the lead takes backlog
-- leads of their product, and not offered in the last day (unless :force).
SELECT l.id FROM leads l
WHERE l.status = 'sold'
  AND l.created_at >= :min_created
  AND (:product IS NULL OR l.product_code = :product)
  AND NOT EXISTS (SELECT 1 FROM deliveries d
                  WHERE d.lead_id = l.id AND d.status IN ('pending', 'delivered')
                    AND d.created_at > :resale_before)
  AND NOT EXISTS (SELECT 1 FROM outbox o
                  WHERE o.kind = 'route' AND o.ref_id = l.id AND o.done_at IS NULL)
  AND EXISTS (SELECT 1 FROM commandes c
              WHERE c.active = 1 AND c.backlog_share > 0 AND c.product_code = l.product_code
                AND NOT EXISTS (SELECT 1 FROM deliveries d2
                                WHERE d2.lead_id = l.id AND d2.buyer_id = c.buyer_id))
  AND (:force = 1 OR NOT EXISTS (SELECT 1 FROM backlog_offers bo
                                 WHERE bo.lead_id = l.id AND bo.offered_at > :offer_before))
ORDER BY l.created_at
LIMIT :limit;
