-- Whether an import would replace this day × source × campaign of the account.
SELECT 1 FROM ad_costs
WHERE account_id = :account_id AND date = :date AND source = :source AND campaign = :campaign;
