-- The LP → form funnels the demo traffic walks through.
SELECT lp.key AS lp_key, lp.url AS lp_url, f.key AS form_key, f.url AS form_url
FROM landing_pages lp
JOIN forms f ON f.lp_id = lp.id
ORDER BY lp.key;
