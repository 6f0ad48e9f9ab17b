-- depends: funnel_sessions_daily
-- incremental: date
-- funnel_events_daily: the funnel's event counts (visits .. form_submits) by Paris date
-- received × account × LP × form × source × campaign × variant × device × is_test (test
-- traffic is kept apart: the dashboard leaves it out): `funnel_sessions_daily`'s rows added up
-- (visits and form starts count sessions, CTA clicks and submits count events). Incremental by
-- date: `model_scope` holds the days to add up again, marked by funnel_sessions_daily's build
-- (incremental/funnel_sessions_daily_downstream*.sql): the days it counted again, or every day
-- when it was rebuilt whole.
SELECT
    date, account_id, lp_id, form_id, source, campaign, variant, device, is_test,
    count(DISTINCT tracker_session_id) FILTER (WHERE viewed) AS visits,
    count(DISTINCT coalesce(visitor_id, tracker_session_id)) FILTER (WHERE viewed)
        AS unique_visitors,
    CAST(sum(cta_clicks) AS BIGINT) AS cta_clicks,
    count(DISTINCT tracker_session_id) FILTER (WHERE started_form) AS form_starts,
    CAST(sum(form_submits) AS BIGINT) AS form_submits
FROM funnel_sessions_daily
WHERE date BETWEEN CAST($scope_from AS DATE) AND CAST($scope_to AS DATE)
  AND date IN (SELECT date FROM model_scope)
GROUP BY ALL
ORDER BY ALL
