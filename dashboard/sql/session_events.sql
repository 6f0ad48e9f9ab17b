-- The events of one visit session (a lead's session_id) in the given accounts, oldest first.
-- Parameters: $account_ids (list), $session_id.
SELECT type, coalesce(ts, received_at) AS at, url, variant, utm_source, utm_campaign
FROM events
WHERE session_id = $session_id AND list_contains($account_ids, account_id)
ORDER BY received_at, event_id
LIMIT 200;
