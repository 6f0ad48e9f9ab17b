-- depends: leads, deliveries, sessions_core
-- incremental: lead
-- lead_attribution: each lead joined to its visitor's sessions. Last touch: the session it came
-- from (the visitor's last session started at most a minute after the lead — clock
-- tolerance —, else the session holding the lead's tracker session id); first touch: the
-- visitor's first session. Time from the first visit to the lead, and whether it sold.
-- Incremental by lead (decision 0063, warehouse/incremental.py): with `$scoped`, only the leads
-- of `lead_scope` (changed in the hub, or whose visitor's sessions changed) are computed.
-- The leads computed (all, or those of `lead_scope`), materialized first: filtered inside the
-- joins below, every lead went through the sessions joins (3 s → 1.5 s whole, 0.8 → 0.6 s for a
-- minute's leads at 10 M events).
WITH scoped AS MATERIALIZED (
    SELECT id, account_id, form_id, status, is_test, visitor_id, session_id, created_at
    FROM leads
    WHERE NOT $scoped OR id IN (SELECT lead_id FROM lead_scope)
),
-- The sessions of the scoped leads' visitors and tracker session ids, found by those two
-- columns alone, then read by row id: joining the leads to sessions_core read its seven columns
-- for every session (a minute's leads 0.82-0.85 → 0.35-0.47 s, whole 1.6-1.9 → 1.1-1.4 s at
-- 10 M events, each on a fresh connection; decision 0066).
candidates AS MATERIALIZED (
    SELECT s.rowid AS rid
    FROM sessions_core AS s
    WHERE s.visitor_id IN (SELECT visitor_id FROM scoped)
       OR s.tracker_session_id IN (SELECT session_id FROM scoped)
),
near AS MATERIALIZED (
    SELECT session_id, visitor_id, tracker_session_id, started_at, source, medium, campaign, lp_id
    FROM sessions_core
    WHERE rowid IN (SELECT rid FROM candidates)
),
touches AS (
    SELECT l.id AS lead_id, s.session_id, s.started_at, s.source, s.medium, s.campaign, s.lp_id
    FROM scoped AS l
    JOIN near AS s
      ON s.visitor_id = l.visitor_id AND s.started_at <= l.created_at + INTERVAL 1 MINUTE
    WHERE l.visitor_id IS NOT NULL
    UNION ALL
    SELECT l.id, s.session_id, s.started_at, s.source, s.medium, s.campaign, s.lp_id
    FROM scoped AS l
    JOIN near AS s
      ON s.tracker_session_id = l.session_id
     AND s.started_at <= l.created_at + INTERVAL 1 MINUTE
    WHERE l.session_id IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM near AS v
          WHERE v.visitor_id = l.visitor_id AND v.started_at <= l.created_at + INTERVAL 1 MINUTE
      )
),
ranked AS (
    SELECT
        lead_id,
        arg_min(session_id, started_at) AS first_session_id,
        arg_min(source, started_at) AS first_source,
        arg_min(medium, started_at) AS first_medium,
        arg_min(campaign, started_at) AS first_campaign,
        arg_min(lp_id, started_at) AS first_lp_id,
        min(started_at) AS first_visit_at,
        arg_max(session_id, started_at) AS session_id,
        arg_max(source, started_at) AS last_source,
        arg_max(medium, started_at) AS last_medium,
        arg_max(campaign, started_at) AS last_campaign,
        arg_max(lp_id, started_at) AS last_lp_id,
        count(*) AS sessions_before_lead
    FROM touches
    GROUP BY lead_id
),
sold AS (
    SELECT lead_id, sum(price_eur) AS revenue_eur
    FROM deliveries
    WHERE status = 'delivered'
    GROUP BY lead_id
)
SELECT
    l.id AS lead_id, l.account_id, l.form_id, l.status, l.is_test, l.created_at,
    r.session_id, r.first_session_id,
    r.first_source, r.first_medium, r.first_campaign, r.first_lp_id,
    r.last_source, r.last_medium, r.last_campaign, r.last_lp_id,
    coalesce(r.sessions_before_lead, 0) AS sessions_before_lead,
    r.first_visit_at,
    CAST(epoch(l.created_at) - epoch(r.first_visit_at) AS BIGINT) AS seconds_to_lead,
    sold.lead_id IS NOT NULL AS sold,
    CAST(coalesce(sold.revenue_eur, 0) AS DECIMAL(12, 2)) AS revenue_eur
FROM scoped AS l
LEFT JOIN ranked AS r ON r.lead_id = l.id
LEFT JOIN sold ON sold.lead_id = l.id
ORDER BY l.created_at, l.id
