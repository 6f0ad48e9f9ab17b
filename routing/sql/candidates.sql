-- What routing needs to know about every commande for one lead, beyond the compiled commande
-- (commandes_compiled.sql): read inside the routing transaction (BEGIN IMMEDIATE) so the cap
-- usage cannot change before it is reserved. Usage is read for every Paris period (day, week
-- from Monday, month) and its backlog twin; a prepaid buyer's balance is read in the same
-- transaction that draws it. CROSS JOIN keeps the phone's leads (leads_phone_product) as the
-- outer loop: planned freely, SQLite walked every delivery of the last 30 days (deliveries_status)
-- for every commande of every lead, a cost growing with the volume sold.
SELECT
    c.id,
    COALESCE((SELECT p.balance_cents FROM prepaid_balances p
              WHERE p.buyer_id = c.buyer_id), 0) AS prepaid_balance_cents,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = :day), 0) AS used_day,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = :week), 0) AS used_week,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = :month), 0) AS used_month,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = 'lb-' || :day), 0) AS used_lb_day,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = 'lb-' || :week), 0) AS used_lb_week,
    COALESCE((SELECT u.used FROM cap_usage u
              WHERE u.commande_id = c.id AND u.period = 'lb-' || :month), 0) AS used_lb_month,
    EXISTS (SELECT 1 FROM deliveries d
            WHERE d.lead_id = :lead_id AND d.buyer_id = c.buyer_id) AS buyer_has_lead,
    EXISTS (SELECT 1 FROM leads l CROSS JOIN deliveries d ON d.lead_id = l.id
            WHERE l.phone_e164 = :phone AND l.product_code = :product
              AND l.id <> :lead_id AND d.buyer_id = c.buyer_id
              AND d.status IN ('pending', 'delivered')
              AND d.created_at >= :since) AS buyer_bought_phone
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
