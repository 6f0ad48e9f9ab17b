-- Tracking targets: every landing page and form (tracking health, installation check, brief).
SELECT 'lp' AS kind, lp.id AS id, lp.key AS key, lp.account_id AS account_id, lp.id AS lp_id,
       lp.name AS name, lp.url AS url, lp.active AS active
FROM landing_pages AS lp
UNION ALL
SELECT 'form', f.id, f.key, f.account_id, f.lp_id, f.name, f.url, f.active
FROM forms AS f
ORDER BY account_id, lp_id, kind DESC, key;
