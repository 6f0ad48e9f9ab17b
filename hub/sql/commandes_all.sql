-- Every commande with its buyer's state, as routing reads it (simulate, commande API); a buyer
-- whose account (or an account above it) is archived takes no lead.
WITH RECURSIVE gone(id) AS (
    SELECT id FROM accounts WHERE archived_at IS NOT NULL
    UNION
    SELECT a.id FROM accounts a JOIN gone ON a.parent_id = gone.id
)
SELECT c.*, b.active AS buyer_active, b.is_test AS buyer_is_test,
    b.misconfigured AS buyer_misconfigured,
    b.account_id AS buyer_account_id, b.account_id IN (SELECT id FROM gone) AS buyer_archived
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
