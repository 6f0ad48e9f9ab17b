-- depends: deliveries, leads, buyers, credits
-- billing_monthly: Paris month × buyer × buyer's account × seller account × is_test.
-- Sales: delivered deliveries at the price frozen at assignment, in the month of delivery.
-- Credits: returns (the lead's frozen price) and manual credits, in the month they were made
-- (an invoiced month is never rewritten). A manual credit has no lead: no seller account.
-- is_test: a test lead or a test buyer (decision 0050); invoice WHERE NOT is_test.
CREATE OR REPLACE TABLE billing_monthly AS
WITH lines AS (
    SELECT
        CAST(date_trunc('month', paris_date(coalesce(d.delivered_at, d.created_at))) AS DATE)
            AS month,
        d.buyer_id, d.account_id, l.account_id AS seller_account_id,
        coalesce(l.is_test, false) OR coalesce(tb.is_test, false) AS is_test,
        d.lead_id AS sold_lead, d.price_eur AS amount_eur,
        CAST(NULL AS VARCHAR) AS returned_lead, CAST(0 AS DECIMAL(12, 2)) AS credit_eur
    FROM deliveries AS d
    LEFT JOIN leads AS l ON l.id = d.lead_id
    LEFT JOIN buyers AS tb ON tb.id = d.buyer_id
    WHERE d.status = 'delivered'
    UNION ALL
    SELECT
        CAST(date_trunc('month', c.date) AS DATE) AS month,
        c.buyer_id, c.account_id, l.account_id AS seller_account_id,
        coalesce(l.is_test, false) OR coalesce(tb.is_test, false) AS is_test,
        NULL AS sold_lead, CAST(0 AS DECIMAL(12, 2)) AS amount_eur,
        CASE WHEN c.kind = 'return' THEN c.lead_id END AS returned_lead, c.amount_eur AS credit_eur
    FROM credits AS c
    LEFT JOIN leads AS l ON l.id = c.lead_id
    LEFT JOIN buyers AS tb ON tb.id = c.buyer_id
)
SELECT
    x.month, x.buyer_id, b.name AS buyer_name, x.account_id, x.seller_account_id, x.is_test,
    CAST(count(DISTINCT x.sold_lead) AS BIGINT) AS leads_sold,
    CAST(sum(x.amount_eur) AS DECIMAL(12, 2)) AS amount_eur,
    CAST(count(DISTINCT x.returned_lead) AS BIGINT) AS leads_returned,
    CAST(sum(x.credit_eur) AS DECIMAL(12, 2)) AS credit_eur,
    CAST(sum(x.amount_eur) - sum(x.credit_eur) AS DECIMAL(12, 2)) AS net_eur
FROM lines AS x
LEFT JOIN buyers AS b ON b.id = x.buyer_id
GROUP BY ALL
ORDER BY ALL
