-- Acquisition and profit of the given accounts over a period, per LP × source × campaign.
-- Parameters: $account_ids (list), $start and $end (DATE, inclusive).
SELECT
    coalesce(a.lp_id, '') AS lp_id,
    coalesce(a.source, '') AS source,
    coalesce(a.campaign, '') AS campaign,
    sum(a.sessions)::BIGINT AS sessions,
    sum(a.leads)::BIGINT AS leads,
    sum(a.sold_leads)::BIGINT AS sold_leads,
    sum(a.revenue_eur)::DOUBLE AS revenue_eur,
    sum(a.cost_eur)::DOUBLE AS cost_eur
FROM acquisition_daily AS a
WHERE list_contains($account_ids, a.account_id)
  AND a.date BETWEEN $start AND $end
GROUP BY ALL
ORDER BY cost_eur DESC, sessions DESC, lp_id, source, campaign;
