-- The latest tracking alerts of some accounts (a JSON list of account ids), newest first.
SELECT created_at, action, detail
FROM activity_log
WHERE action IN ('tracking.silent', 'tracking.recovered', 'tracking.quarantine_spike')
  AND account_id IN (SELECT value FROM json_each(:account_ids))
ORDER BY id DESC
LIMIT :limit;
