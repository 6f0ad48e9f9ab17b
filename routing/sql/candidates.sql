-- Every commande with what routing needs to judge it for one lead, read inside the routing
-- transaction (BEGIN IMMEDIATE) so the cap usage cannot change before it is reserved.
SELECT
    c.id AS commande_id,
    c.buyer_id,
    c.product_code,
    c.departements,
    c.daily_cap,
    c.price_cents,
    c.priority,
    c.active,
    b.active AS buyer_active,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = :period), 0) AS used_today,
    EXISTS (SELECT 1 FROM deliveries d
            WHERE d.lead_id = :lead_id AND d.buyer_id = c.buyer_id) AS buyer_has_lead,
    EXISTS (SELECT 1 FROM leads l JOIN deliveries d ON d.lead_id = l.id
            WHERE l.phone_e164 = :phone AND l.product_code = :product
              AND l.id <> :lead_id AND d.buyer_id = c.buyer_id
              AND d.status IN ('pending', 'delivered')
              AND d.created_at >= :since) AS buyer_bought_phone
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
