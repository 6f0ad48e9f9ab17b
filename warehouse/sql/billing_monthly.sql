-- billing_monthly: Paris month of delivery × buyer × buyer's account × seller account × is_test.
-- Delivered deliveries only, at the price frozen at assignment.
CREATE OR REPLACE TABLE billing_monthly AS
SELECT
    CAST(date_trunc('month', paris_date(coalesce(d.delivered_at, d.created_at))) AS DATE)
        AS month,
    d.buyer_id,
    b.name AS buyer_name,
    d.account_id,
    l.account_id AS seller_account_id,
    coalesce(l.is_test, false) AS is_test,
    CAST(count(DISTINCT d.lead_id) AS BIGINT) AS leads_sold,
    CAST(sum(d.price_eur) AS DECIMAL(12, 2)) AS amount_eur
FROM deliveries AS d
LEFT JOIN leads AS l ON l.id = d.lead_id
LEFT JOIN buyers AS b ON b.id = d.buyer_id
WHERE d.status = 'delivered'
GROUP BY ALL
ORDER BY ALL
