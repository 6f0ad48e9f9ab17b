-- Live tracking health: one row per target (LP or form) of `targets`, plus one row '*' for all
-- traffic, from the lake views raw_events and quarantined_events (warehouse/verify.py).
-- $now; $day = now - 24 h; $hour = now - 1 h; $recent = start of the spike window;
-- $base = start of its baseline window (which ends at $recent); $baseline_seconds: how far
-- before its last event a target's usual rate is measured.
-- Accepted events belong to their form, else to their LP; quarantined ones to the target of
-- their key, else to the deepest target whose URL the page URL is under (unknown keys).
WITH acc AS (
    SELECT coalesce(form_id, lp_id) AS target_id, received_at
    FROM raw_events
    WHERE received_at <= $now
),
last_seen AS (
    SELECT target_id, max(received_at) AS last_event_at FROM acc GROUP BY target_id
),
acc_stats AS (
    SELECT
        a.target_id,
        max(l.last_event_at) AS last_event_at,
        count(*) FILTER (WHERE a.received_at > $hour) AS events_1h,
        count(*) FILTER (WHERE a.received_at > $day) AS events_24h,
        count(*) FILTER (WHERE a.received_at > $recent) AS accepted_recent,
        count(*) FILTER (WHERE a.received_at > $base AND a.received_at <= $recent)
            AS accepted_base,
        count(*) FILTER (
            WHERE a.received_at > l.last_event_at - to_seconds(CAST($baseline_seconds AS BIGINT))
        ) AS events_before_last
    FROM acc AS a
    JOIN last_seen AS l USING (target_id)
    GROUP BY a.target_id
),
q AS (
    SELECT key, url, received_at, reason
    FROM quarantined_events
    WHERE received_at <= $now AND received_at > least($day, $base)
),
q_att AS (
    SELECT
        q.received_at,
        q.reason,
        coalesce(
            (SELECT min(t.id) FROM targets AS t WHERE t.key = q.key),
            (SELECT arg_max(t.id, length(t.url)) FROM targets AS t WHERE under_url(q.url, t.url))
        ) AS target_id
    FROM q
),
q_stats AS (
    SELECT
        CASE WHEN grouping(target_id) = 1 THEN '*' ELSE coalesce(target_id, '?') END
            AS target_id,
        count(*) FILTER (WHERE received_at > $day) AS quarantined_24h,
        count(*) FILTER (WHERE received_at > $recent) AS quarantined_recent,
        count(*) FILTER (WHERE received_at > $base AND received_at <= $recent)
            AS quarantined_base,
        mode(reason) FILTER (WHERE received_at > $day) AS top_reason
    FROM q_att
    GROUP BY GROUPING SETS ((target_id), ())
),
all_acc AS (
    SELECT
        '*' AS target_id,
        max(last_event_at) AS last_event_at,
        sum(events_1h) AS events_1h,
        sum(events_24h) AS events_24h,
        sum(accepted_recent) AS accepted_recent,
        sum(accepted_base) AS accepted_base,
        0 AS events_before_last
    FROM acc_stats
),
rows AS (
    SELECT t.kind, t.id, t.key, t.account_id, t.lp_id, t.name, t.url, t.active
    FROM targets AS t
    UNION ALL
    SELECT 'all', '*', NULL, NULL, NULL, NULL, NULL, true
)
SELECT
    r.kind, r.id, r.key, r.account_id, r.lp_id, r.name, r.url, r.active,
    a.last_event_at,
    coalesce(a.events_1h, 0) AS events_1h,
    coalesce(a.events_24h, 0) AS events_24h,
    coalesce(a.events_before_last, 0) AS events_before_last,
    coalesce(a.accepted_recent, 0) AS accepted_recent,
    coalesce(a.accepted_base, 0) AS accepted_base,
    coalesce(qs.quarantined_24h, 0) AS quarantined_24h,
    coalesce(qs.quarantined_recent, 0) AS quarantined_recent,
    coalesce(qs.quarantined_base, 0) AS quarantined_base,
    qs.top_reason
FROM rows AS r
LEFT JOIN (SELECT * FROM acc_stats UNION ALL BY NAME SELECT * FROM all_acc) AS a
    ON a.target_id = r.id
LEFT JOIN q_stats AS qs ON qs.target_id = r.id
ORDER BY r.kind = 'all', r.account_id, r.lp_id, r.kind DESC, r.key;
