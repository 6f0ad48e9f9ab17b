-- Every commande with its buyer's state, as routing reads it (simulate, commande API).
SELECT c.*, b.active AS buyer_active, b.misconfigured AS buyer_misconfigured,
    b.account_id AS buyer_account_id
FROM commandes c
JOIN buyers b ON b.id = c.buyer_id
ORDER BY c.priority, c.id;
