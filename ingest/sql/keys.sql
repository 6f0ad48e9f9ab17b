-- Public keys a tracker may send: LP keys, then form keys (a form key resolves to its LP).
-- Later rows win when an LP and a form share a key.
SELECT lp.key AS key, lp.account_id AS account_id, lp.id AS lp_id, NULL AS form_id,
       lp.active AS active
FROM landing_pages AS lp
UNION ALL
SELECT f.key, f.account_id, f.lp_id, f.id, f.active
FROM forms AS f;
