-- check: Counts are >= 0, sold <= leads, visitors <= visits.
SELECT count(*) FROM funnel_daily
WHERE visits < 0 OR unique_visitors < 0 OR cta_clicks < 0 OR form_starts < 0
   OR form_submits < 0 OR leads < 0 OR sold_leads < 0 OR revenue_eur < 0
   OR sold_leads > leads OR unique_visitors > visits
