-- depends: accounts, buyers, deliveries, leads, credits
-- intercompany_lines: one row per intercompany movement. A lead produced by one entity (its
-- account, or the account's parent entity for a brand) and sold by another (the buyer's
-- entity) is billed by the producer to the seller at the transfer price frozen at the sale
-- ('sale', on the Paris date of delivery); a return of that lead reverses it ('return', on
-- the Paris date of the return, negative amount). is_test: a test lead or a test buyer.
CREATE OR REPLACE TABLE intercompany_lines AS
WITH entity AS (
    SELECT a.id AS account_id, coalesce(a.parent_id, a.id) AS entity_id FROM accounts AS a
)
SELECT
    'sale' AS kind, paris_date(d.delivered_at) AS date, d.id AS delivery_id, d.lead_id,
    pe.entity_id AS producer_entity_id, se.entity_id AS seller_entity_id, l.product_code,
    coalesce(l.is_test, false) OR coalesce(b.is_test, false) AS is_test,
    d.transfer_eur AS amount_eur
FROM deliveries AS d
JOIN leads AS l ON l.id = d.lead_id
LEFT JOIN buyers AS b ON b.id = d.buyer_id
JOIN entity AS pe ON pe.account_id = l.account_id
JOIN entity AS se ON se.account_id = d.account_id
WHERE d.status = 'delivered' AND d.transfer_eur IS NOT NULL
UNION ALL
SELECT
    'return' AS kind, c.date, d.id AS delivery_id, d.lead_id,
    pe.entity_id AS producer_entity_id, se.entity_id AS seller_entity_id, l.product_code,
    coalesce(l.is_test, false) OR coalesce(b.is_test, false) AS is_test,
    -c.transfer_eur AS amount_eur
FROM credits AS c
JOIN deliveries AS d ON d.id = c.delivery_id
JOIN leads AS l ON l.id = d.lead_id
LEFT JOIN buyers AS b ON b.id = d.buyer_id
JOIN entity AS pe ON pe.account_id = l.account_id
JOIN entity AS se ON se.account_id = d.account_id
WHERE c.kind = 'return' AND c.transfer_eur IS NOT NULL
ORDER BY date, delivery_id, kind DESC
