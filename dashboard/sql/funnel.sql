-- Funnel counts of the given accounts, per Paris day x LP x form x source.
-- Parameters: $account_ids (list), $start and $end (DATE, inclusive).
SELECT
    f.date,
    coalesce(f.lp_id, '') AS lp_id,
    coalesce(f.form_id, '') AS form_id,
    coalesce(nullif(f.source, ''), '') AS source,
    sum(f.visits)::BIGINT AS visits,
    sum(f.unique_visitors)::BIGINT AS unique_visitors,
    sum(f.cta_clicks)::BIGINT AS cta_clicks,
    sum(f.form_starts)::BIGINT AS form_starts,
    sum(f.form_submits)::BIGINT AS form_submits,
    sum(f.leads)::BIGINT AS leads,
    sum(f.sold_leads)::BIGINT AS sold_leads,
    sum(f.revenue_eur)::DECIMAL(18, 2) AS revenue_eur
FROM funnel_daily AS f
WHERE list_contains($account_ids, f.account_id)
  AND NOT f.is_test  -- test traffic (smoke, tests) stays out of the funnels
  AND f.date BETWEEN $start AND $end
GROUP BY ALL
ORDER BY f.date, lp_id, form_id, source;
