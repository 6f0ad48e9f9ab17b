-- Active tracked links (GET /r/{link_key}) of an LP or of its forms.
SELECT l.link_key, l.name, l.target_url
FROM links AS l
WHERE l.active = 1
  AND (l.lp_id = :lp_id OR l.form_id IN (SELECT id FROM forms WHERE lp_id = :lp_id))
ORDER BY l.created_at, l.link_key;
