-- Every source block (it applies to its account and the sub-accounts).
SELECT account_id, source, reason, created_at FROM source_blocks;
