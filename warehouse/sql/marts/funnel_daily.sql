-- depends: funnel_events_daily, leads, deliveries
-- funnel_daily: Paris date × account × LP × form × source × campaign × variant × device ×
-- is_test (test events and leads, kept apart; the dashboard leaves them out).
-- Events give visits..form_submits (funnel_events_daily, built incrementally); hub leads give
-- leads, sold_leads, revenue_eur.
CREATE OR REPLACE TABLE funnel_daily AS
WITH ev_metrics AS (
    SELECT * FROM funnel_events_daily
),
sales AS (
    SELECT lead_id, sum(price_eur) AS revenue_eur
    FROM deliveries
    WHERE status = 'delivered'
    GROUP BY lead_id
),
lead_metrics AS (
    SELECT
        l.date, l.account_id, l.lp_id, l.form_id, l.source, l.utm_campaign AS campaign,
        l.variant, l.device, coalesce(l.is_test, false) AS is_test,
        count(*) AS leads,
        count(sales.lead_id) AS sold_leads,
        coalesce(sum(sales.revenue_eur), 0) AS revenue_eur
    FROM leads AS l
    LEFT JOIN sales ON sales.lead_id = l.id
    WHERE l.status NOT IN ('duplicate', 'invalid', 'spam')
    GROUP BY ALL
)
SELECT
    date, account_id, lp_id, form_id, source, campaign, variant, device, is_test,
    CAST(sum(visits) AS BIGINT) AS visits,
    CAST(sum(unique_visitors) AS BIGINT) AS unique_visitors,
    CAST(sum(cta_clicks) AS BIGINT) AS cta_clicks,
    CAST(sum(form_starts) AS BIGINT) AS form_starts,
    CAST(sum(form_submits) AS BIGINT) AS form_submits,
    CAST(sum(leads) AS BIGINT) AS leads,
    CAST(sum(sold_leads) AS BIGINT) AS sold_leads,
    CAST(sum(revenue_eur) AS DECIMAL(12, 2)) AS revenue_eur
FROM (
    SELECT *, 0 AS leads, 0 AS sold_leads, CAST(0 AS DECIMAL(12, 2)) AS revenue_eur
    FROM ev_metrics
    UNION ALL BY NAME
    SELECT *, 0 AS visits, 0 AS unique_visitors, 0 AS cta_clicks, 0 AS form_starts,
           0 AS form_submits
    FROM lead_metrics
)
GROUP BY ALL
ORDER BY ALL
