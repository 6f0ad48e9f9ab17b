-- A tracked link and the public key its clicks are recorded with (the LP's, else the form's).
SELECT l.link_key AS link_key, l.target_url AS target_url,
       COALESCE(lp.key, f.key) AS key
FROM links AS l
LEFT JOIN landing_pages AS lp ON lp.id = l.lp_id
LEFT JOIN forms AS f ON f.id = l.form_id
WHERE l.link_key = ?;
