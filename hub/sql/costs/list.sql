-- Ad spend rows of the given accounts, filtered (NULL: any), newest day first.
SELECT account_id, date, source, campaign, cost_cents, currency, imported_at, import_id
FROM ad_costs
WHERE (:account_ids IS NULL OR account_id IN (SELECT value FROM json_each(:account_ids)))
  AND (:source IS NULL OR source = :source)
  AND (:campaign IS NULL OR campaign = :campaign)
  AND (:date_from IS NULL OR date >= :date_from)
  AND (:date_to IS NULL OR date <= :date_to)
ORDER BY date DESC, account_id, source, campaign;
