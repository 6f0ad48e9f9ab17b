-- Every commande with what routing needs to judge it for one lead, read inside the routing
-- transaction (BEGIN IMMEDIATE) so the cap usage cannot change before it is reserved.
-- Usage is read for every Paris period (day, week from Monday, month) and its backlog twin;
-- a prepaid buyer's balance is read in the same transaction that draws it.
-- A buyer whose account (or an account above it) is archived takes no lead; whether the buyer
-- is a test buyer (test leads only, decision 0050).
WITH RECURSIVE gone(id) AS (
    SELECT id FROM accounts WHERE archived_at IS NOT NULL
    UNION
    SELECT a.id FROM accounts a JOIN gone ON a.parent_id = gone.id
)
SELECT
    c.*,
    b.active AS buyer_active,
    b.is_test AS buyer_is_test,
    b.misconfigured AS buyer_misconfigured,
    b.account_id AS buyer_account_id,
    b.account_id IN (SELECT id FROM gone) AS buyer_archived,
    b.billing_cycle AS buyer_billing_cycle,
    COALESCE((SELECT p.balance_cents FROM prepaid_balances p
              WHERE p.buyer_id = b.id), 0) AS prepaid_balance_cents,
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
    EXISTS (SELECT 1 FROM leads l JOIN deliveries d ON d.lead_id = l.id
            WHERE l.phone_e164 = :phone AND l.product_code = :product
              AND l.id <> :lead_id AND d.buyer_id = c.buyer_id
              AND d.status IN ('pending', 'delivered')
              AND d.created_at >= :since) AS buyer_bought_phone
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
