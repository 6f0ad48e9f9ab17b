-- When ad spend of the given accounts (NULL: every account) was last imported.
SELECT max(imported_at) FROM ad_costs
WHERE :account_ids IS NULL OR account_id IN (SELECT value FROM json_each(:account_ids));
