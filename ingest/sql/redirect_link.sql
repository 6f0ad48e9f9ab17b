-- A tracked link and the public key its clicks are recorded with: the LP's, else the form's;
-- an archived link's own 'link:<link_key>' (quarantined as key:inactive, yet it redirects).
SELECT l.link_key AS link_key, l.target_url AS target_url,
       CASE WHEN l.active = 0 THEN 'link:' || l.link_key ELSE COALESCE(lp.key, f.key) END AS key
FROM links AS l
LEFT JOIN landing_pages AS lp ON lp.id = l.lp_id
LEFT JOIN forms AS f ON f.id = l.form_id
WHERE l.link_key = ?;
