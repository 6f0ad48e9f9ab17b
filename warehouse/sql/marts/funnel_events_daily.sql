-- depends: events, lp_forms
-- incremental: date
-- rebuild when changed: lp_forms
-- funnel_events_daily: the funnel's event counts (visits .. form_submits) by Paris date
-- received × account × LP × form × source × campaign × variant × device × is_test (test
-- traffic is kept apart: the dashboard leaves it out). Incremental by date
-- (warehouse/incremental.py): `model_scope` holds the days to build; a session's attribution is
-- read from all its events, whatever day they were received. Rebuilt whole when an LP's form
-- (lp_forms) changes. `funnel_daily` adds the leads and the money.
WITH ev AS (
    SELECT e.*, coalesce(e.session_id, 'event:' || e.event_id) AS skey
    FROM events AS e
    WHERE e.date BETWEEN CAST($scope_from AS DATE) AND CAST($scope_to AS DATE)
      AND e.date IN (SELECT date FROM model_scope)
),
-- Every event of those days' sessions (the attribution), received within 8 days of them: a
-- tracker session (30 minutes idle ends it) never lasts a week.
sess_ev AS (
    SELECT e.*, coalesce(e.session_id, 'event:' || e.event_id) AS skey
    FROM events AS e
    WHERE e.date BETWEEN CAST($scope_from AS DATE) - 8 AND CAST($scope_to AS DATE) + 8
      AND coalesce(e.session_id, 'event:' || e.event_id) IN (SELECT skey FROM ev)
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
    FROM sess_ev
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
ev_metrics AS (
    SELECT
        ev.date, ev.account_id, ev.lp_id, coalesce(ev.form_id, lp_form.form_id) AS form_id,
        s.source, s.campaign, s.variant, s.device, coalesce(ev.is_test, false) AS is_test,
        count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'page_view') AS visits,
        count(DISTINCT coalesce(ev.visitor_id, ev.skey))
            FILTER (WHERE ev.type = 'page_view') AS unique_visitors,
        count(*) FILTER (WHERE ev.type = 'cta_click') AS cta_clicks,
        count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'form_start') AS form_starts,
        count(*) FILTER (WHERE ev.type = 'form_submit') AS form_submits
    FROM ev
    JOIN sess_dims AS s USING (skey)
    LEFT JOIN lp_forms AS lp_form ON lp_form.lp_id = ev.lp_id
    GROUP BY ALL
)
SELECT * FROM ev_metrics ORDER BY ALL
