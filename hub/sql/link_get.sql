-- One tracked redirect link (GET /r/{link_key}).
SELECT link_key, account_id, lp_id, form_id, name, target_url, active, created_at, updated_at
FROM links
WHERE link_key = :link_key;
