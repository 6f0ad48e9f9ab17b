-- Every tracked redirect link (the service keeps those the actor sees and filters them).
SELECT link_key, account_id, lp_id, form_id, name, target_url, active, created_at, updated_at
FROM links
ORDER BY created_at, link_key;
