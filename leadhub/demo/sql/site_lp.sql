-- The demo LP served at a path (its URL ends with :path), with the URL of its form.
SELECT lp.key, lp.name, f.url AS form_url
FROM landing_pages lp
JOIN forms f ON f.lp_id = lp.id
WHERE lp.url LIKE '%' || :path;
