-- Every commande with the buyer facts routing judges it by, compiled once per routing version
-- (routing_version.sql): nothing here may depend on the lead, the time or the cap usage.
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
    b.billing_cycle AS buyer_billing_cycle
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
