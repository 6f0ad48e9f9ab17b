-- One day × source × campaign of an account's ad spend; an import of the same key replaces it.
INSERT INTO ad_costs (account_id, date, source, campaign, cost_cents, currency, imported_at,
                      import_id)
VALUES (:account_id, :date, :source, :campaign, :cost_cents, 'EUR', :imported_at, :import_id)
ON CONFLICT (account_id, date, source, campaign) DO UPDATE SET
    cost_cents = excluded.cost_cents,
    currency = excluded.currency,
    imported_at = excluded.imported_at,
    import_id = excluded.import_id;
