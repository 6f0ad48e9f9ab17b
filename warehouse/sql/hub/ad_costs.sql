-- Ad spend per day × source × campaign (no personal data).
SELECT account_id, date, source, campaign, cost_cents, currency, imported_at, import_id
FROM ad_costs
