-- Names of the landing pages and forms of the given accounts ($account_ids, a list).
SELECT 'lp' AS kind, id, name FROM landing_pages WHERE list_contains($account_ids, account_id)
UNION ALL
SELECT 'form' AS kind, id, name FROM forms WHERE list_contains($account_ids, account_id)
ORDER BY kind, name, id;
