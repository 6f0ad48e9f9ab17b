-- The landing pages of the given accounts (:account_ids, a JSON array of ids), by name.
SELECT key, name FROM landing_pages
WHERE account_id IN (SELECT value FROM json_each(:account_ids))
ORDER BY name, key;
