-- Public keys a tracker may send: LP keys, then form keys (a form key resolves to its LP).
-- Later rows win when an LP and a form share a key. An archived redirect link's clicks are
-- recorded with the key 'link:<link_key>' (no LP or form key has a colon): listed inactive,
-- so they are quarantined as key:inactive (an unknown link's as key:unknown).
SELECT lp.key AS key, lp.account_id AS account_id, lp.id AS lp_id, NULL AS form_id,
       lp.active AS active
FROM landing_pages AS lp
UNION ALL
SELECT f.key, f.account_id, f.lp_id, f.id, f.active
FROM forms AS f
UNION ALL
SELECT 'link:' || l.link_key, l.account_id, l.lp_id, l.form_id, 0
FROM links AS l
WHERE l.active = 0;
