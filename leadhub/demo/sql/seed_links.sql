-- One demo tracked link per demo LP (lp_x_demo → lk_x_demo), pointing at the LP's form.
INSERT OR IGNORE INTO links (link_key, account_id, lp_id, form_id, name, target_url, created_at)
SELECT 'lk_' || substr(lp.key, 4), lp.account_id, lp.id, f.id, 'Lien CTA ' || lp.name, f.url, ?
FROM landing_pages AS lp
JOIN forms AS f ON f.lp_id = lp.id
WHERE lp.key LIKE 'lp!_%!_demo' ESCAPE '!';
