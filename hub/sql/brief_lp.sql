-- The LP a brief is about, with its account and product names.
SELECT lp.id, lp.key, lp.name, lp.url, lp.active, lp.variants, lp.account_id, a.name AS account_name,
       lp.product_code, p.label AS product_label
FROM landing_pages AS lp
JOIN accounts AS a ON a.id = lp.account_id
JOIN products AS p ON p.code = lp.product_code
WHERE lp.key = :key;
