-- depends: events, lp_forms
-- incremental: date
-- rebuild when changed: lp_forms
-- funnel_sessions_daily: the funnel per tracker session (`tracker_session_id`: the tracker's
-- session id, else 'event:<id>' of its one event) by Paris date received × account × LP × form ×
-- visitor × is_test, with the session's attribution: did it view, start the form; how many CTA
-- clicks and submits. The ids keep the names the erasure looks for (decision 0051).
-- `funnel_events_daily` adds these rows up per day; a new minute rebuilds only the rows of the
-- sessions it touched (keyed, decisions 0063 and 0069). A session's attribution is read from
-- all its events, whatever day they were received: first utm_source (else external referrer
-- host, else 'direct'), first campaign, first variant, device of the first user agent.
-- Rebuilt whole when an LP's form (lp_forms) changes.
WITH ev AS (
    SELECT e.*, coalesce(e.session_id, 'event:' || e.event_id) AS skey
    FROM events AS e
    WHERE e.date BETWEEN CAST($scope_from AS DATE) AND CAST($scope_to AS DATE)
      AND e.date IN (SELECT date FROM model_scope)
      -- keyed (a new minute): only the sessions touched (`model_keys`) are counted again
      AND (NOT $keyed
           OR coalesce(e.session_id, 'event:' || e.event_id) IN (SELECT key FROM model_keys))
),
-- Every event of those days' sessions (the attribution), received within 8 days of them: a
-- tracker session (30 minutes idle ends it) never lasts a week.
sess_ev AS (
    SELECT e.*, coalesce(e.session_id, 'event:' || e.event_id) AS skey
    FROM events AS e
    WHERE e.date BETWEEN CAST($scope_from AS DATE) - 8 AND CAST($scope_to AS DATE) + 8
      AND coalesce(e.session_id, 'event:' || e.event_id) IN (SELECT skey FROM ev)
),
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
)
SELECT
    ev.date, ev.skey AS tracker_session_id, ev.visitor_id, ev.account_id, ev.lp_id,
    coalesce(ev.form_id, lp_form.form_id) AS form_id,
    s.source, s.campaign, s.variant, s.device, coalesce(ev.is_test, false) AS is_test,
    bool_or(ev.type = 'page_view') AS viewed,
    count(*) FILTER (WHERE ev.type = 'cta_click') AS cta_clicks,
    bool_or(ev.type = 'form_start') AS started_form,
    count(*) FILTER (WHERE ev.type = 'form_submit') AS form_submits
FROM ev
JOIN sess_dims AS s USING (skey)
LEFT JOIN lp_forms AS lp_form ON lp_form.lp_id = ev.lp_id
GROUP BY ALL
ORDER BY date, tracker_session_id
