-- depends: events, leads, deliveries, forms
-- funnel_daily: Paris date × account × LP × form × source × campaign × variant × device.
-- Events give visits..form_submits; hub leads give leads, sold_leads, revenue_eur.
CREATE OR REPLACE TABLE funnel_daily AS
WITH ev AS (
    SELECT e.*, coalesce(e.session_id, 'event:' || e.event_id) AS skey
    FROM events AS e
),
-- The session's attribution: first utm_source (else external referrer host, else 'direct'),
-- first campaign, first variant, device of the first user agent.
sess AS (
    SELECT
        skey,
        first(nullif(utm_source, '') ORDER BY received_at, event_id)
            FILTER (WHERE nullif(utm_source, '') IS NOT NULL) AS utm_source,
        first(url_host(referrer) ORDER BY received_at, event_id) AS referrer_host,
        first(url_host(url) ORDER BY received_at, event_id) AS url_host,
        first(nullif(utm_campaign, '') ORDER BY received_at, event_id)
            FILTER (WHERE nullif(utm_campaign, '') IS NOT NULL) AS campaign,
        first(nullif(variant, '') ORDER BY received_at, event_id)
            FILTER (WHERE nullif(variant, '') IS NOT NULL) AS variant,
        first(user_agent ORDER BY received_at, event_id)
            FILTER (WHERE nullif(user_agent, '') IS NOT NULL) AS user_agent
    FROM ev
    GROUP BY skey
),
sess_dims AS (
    SELECT
        skey,
        coalesce(
            utm_source,
            CASE WHEN referrer_host IS DISTINCT FROM url_host THEN referrer_host END,
            'direct'
        ) AS source,
        campaign,
        variant,
        device_of(user_agent) AS device
    FROM sess
),
-- An LP event is attributed to the LP's form (the first active one) when it has one.
lp_form AS (
    SELECT lp_id, first(id ORDER BY active DESC, created_at, id) AS form_id
    FROM forms
    WHERE lp_id IS NOT NULL
    GROUP BY lp_id
),
ev_metrics AS (
    SELECT
        ev.date, ev.account_id, ev.lp_id, coalesce(ev.form_id, lp_form.form_id) AS form_id,
        s.source, s.campaign, s.variant, s.device,
        count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'page_view') AS visits,
        count(DISTINCT coalesce(ev.visitor_id, ev.skey))
            FILTER (WHERE ev.type = 'page_view') AS unique_visitors,
        count(*) FILTER (WHERE ev.type = 'cta_click') AS cta_clicks,
        count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'form_start') AS form_starts,
        count(*) FILTER (WHERE ev.type = 'form_submit') AS form_submits
    FROM ev
    JOIN sess_dims AS s USING (skey)
    LEFT JOIN lp_form ON lp_form.lp_id = ev.lp_id
    GROUP BY ALL
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
        l.variant, l.device,
        count(*) AS leads,
        count(sales.lead_id) AS sold_leads,
        coalesce(sum(sales.revenue_eur), 0) AS revenue_eur
    FROM leads AS l
    LEFT JOIN sales ON sales.lead_id = l.id
    WHERE l.status NOT IN ('duplicate', 'invalid', 'spam')
    GROUP BY ALL
)
SELECT
    date, account_id, lp_id, form_id, source, campaign, variant, device,
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
