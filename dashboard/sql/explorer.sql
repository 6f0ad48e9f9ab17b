-- The funnel of the given accounts' sessions, per period (Paris day or ISO week) x one
-- dimension: sessions, then the steps they reached, the leads they brought and those sold.
-- Parameters: $account_ids (list), $start and $end (DATE, inclusive), $grain ('day' | 'week'),
-- $dimension (date, lp_id, form_id, source, medium, campaign, variant, device, departement).
SELECT
    CAST(CASE $grain WHEN 'week' THEN date_trunc('week', s.date) ELSE s.date END AS DATE)
        AS period,
    coalesce(CASE $dimension
        WHEN 'lp_id' THEN s.lp_id
        WHEN 'form_id' THEN s.form_id
        WHEN 'source' THEN s.source
        WHEN 'medium' THEN s.medium
        WHEN 'campaign' THEN s.campaign
        WHEN 'variant' THEN s.variant
        WHEN 'device' THEN s.device
        WHEN 'departement' THEN s.departement
        ELSE strftime(s.date, '%Y-%m-%d')
    END, '') AS value,
    count(*)::BIGINT AS sessions,
    (count(*) FILTER (WHERE s.reached_cta))::BIGINT AS cta,
    (count(*) FILTER (WHERE s.reached_form_start))::BIGINT AS form_starts,
    (count(*) FILTER (WHERE s.reached_submit))::BIGINT AS submits,
    sum(s.leads)::BIGINT AS leads,
    sum(s.sold_leads)::BIGINT AS sold_leads
FROM sessions AS s
WHERE list_contains($account_ids, s.account_id)
  AND NOT s.is_test  -- test traffic (smoke, tests) stays out of the funnels
  AND s.date BETWEEN $start AND $end
GROUP BY ALL
ORDER BY period, value
