-- The last retention runs (newest first), as the activity log keeps them.
SELECT actor, account_id, detail, created_at FROM activity_log
WHERE action = 'privacy.retention'
ORDER BY id DESC
LIMIT :limit;
