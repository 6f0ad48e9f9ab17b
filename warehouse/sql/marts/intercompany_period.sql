-- depends: intercompany_lines, accounts
-- intercompany_{period}ly: what each producing entity bills each selling entity per Paris
-- {period} (weeks start on Monday) and product, HT: transferred leads at their frozen transfer
-- price, returned ones credited back (in the {period} of the return).
-- A template: warehouse/models.py fills in the period, 'week' or 'month' (a fixed list).
CREATE OR REPLACE TABLE intercompany_{period}ly AS
SELECT
    CAST(date_trunc('{period}', x.date) AS DATE) AS {period},
    x.producer_entity_id, p.name AS producer_name,
    x.seller_entity_id, s.name AS seller_name,
    x.product_code, x.is_test,
    CAST(count(*) FILTER (WHERE x.kind = 'sale') AS BIGINT) AS leads_transferred,
    CAST(coalesce(sum(x.amount_eur) FILTER (WHERE x.kind = 'sale'), 0) AS DECIMAL(12, 2))
        AS transfer_eur,
    CAST(count(*) FILTER (WHERE x.kind = 'return') AS BIGINT) AS leads_returned,
    CAST(coalesce(-sum(x.amount_eur) FILTER (WHERE x.kind = 'return'), 0) AS DECIMAL(12, 2))
        AS credit_eur,
    CAST(sum(x.amount_eur) AS DECIMAL(12, 2)) AS net_eur
FROM intercompany_lines AS x
LEFT JOIN accounts AS p ON p.id = x.producer_entity_id
LEFT JOIN accounts AS s ON s.id = x.seller_entity_id
GROUP BY ALL
ORDER BY ALL
