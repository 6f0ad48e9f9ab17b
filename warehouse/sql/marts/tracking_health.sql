-- depends: tracking_events_daily, landing_pages, forms
-- tracking_health: Paris date × LP or form: accepted and quarantined events, first and last
-- event, active hours, peak hour, events per hour and quarantine rate.
-- Reads `tracking_events_daily` (the accepted events, incremental), the hub copies
-- `landing_pages` and `forms`, and `quarantine_events` (the collector's quarantine, registered
-- by the asset). A quarantined event belongs to the LP or
-- form of its key, else to the deepest LP or form whose URL its page URL is under, else to no
-- target (target_kind 'unattributed').
CREATE OR REPLACE TEMP MACRO th_norm(u) AS rtrim(lower(regexp_replace(u, '[?#].*$', '')), '/');
CREATE OR REPLACE TABLE tracking_health AS
WITH targets AS (
    SELECT id, key, account_id, id AS lp_id, '' AS form_id, th_norm(url) AS nurl
    FROM landing_pages
    UNION ALL
    SELECT id, key, account_id, coalesce(lp_id, ''), id, th_norm(url) FROM forms
),
q AS (
    SELECT paris_date(received_at) AS date, key, th_norm(url) AS nurl, reason
    FROM quarantine_events
    WHERE received_at IS NOT NULL
),
q_att AS (
    SELECT
        q.date,
        q.reason,
        coalesce(
            (SELECT min(t.id) FROM targets AS t WHERE t.key = q.key),
            (SELECT arg_max(t.id, length(t.nurl)) FROM targets AS t
             WHERE q.nurl = t.nurl OR starts_with(q.nurl, t.nurl || '/'))
        ) AS target_id
    FROM q
),
q_day AS (
    SELECT q_att.date,
           coalesce(t.account_id, '') AS account_id,
           coalesce(t.lp_id, '') AS lp_id,
           coalesce(t.form_id, '') AS form_id,
           count(*) AS quarantined,
           mode(q_att.reason) AS top_reason
    FROM q_att
    LEFT JOIN targets AS t ON t.id = q_att.target_id
    GROUP BY ALL
),
joined AS (
    SELECT *
    FROM tracking_events_daily
    FULL OUTER JOIN q_day USING (date, account_id, lp_id, form_id)
),
hours AS (
    SELECT *,
        epoch(
            least(timezone('Europe/Paris', CAST(date + 1 AS TIMESTAMP)), now())
            - timezone('Europe/Paris', CAST(date AS TIMESTAMP))
        ) / 3600.0 AS hours_covered
    FROM joined
)
SELECT
    h.date,
    CASE WHEN h.form_id <> '' THEN 'form' WHEN h.lp_id <> '' THEN 'lp' ELSE 'unattributed' END
        AS target_kind,
    nullif(h.account_id, '') AS account_id,
    nullif(h.lp_id, '') AS lp_id,
    nullif(h.form_id, '') AS form_id,
    coalesce(f.key, lp.key) AS key,
    CAST(coalesce(h.events, 0) AS BIGINT) AS events,
    CAST(coalesce(h.quarantined, 0) AS BIGINT) AS quarantined,
    coalesce(h.quarantined, 0) / (coalesce(h.events, 0) + coalesce(h.quarantined, 0))
        AS quarantine_rate,
    h.top_reason,
    h.first_event_at,
    h.last_event_at,
    CAST(coalesce(h.active_hours, 0) AS BIGINT) AS active_hours,
    CAST(coalesce(h.peak_hour_events, 0) AS BIGINT) AS peak_hour_events,
    round(coalesce(h.events, 0) / nullif(greatest(h.hours_covered, 0), 0), 3) AS events_per_hour
FROM hours AS h
LEFT JOIN landing_pages AS lp ON lp.id = nullif(h.lp_id, '')
LEFT JOIN forms AS f ON f.id = nullif(h.form_id, '')
ORDER BY ALL;
