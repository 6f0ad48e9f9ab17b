-- The activity log of some accounts (NULL :account_ids: every account), newest first, filtered
-- by action prefix (e.g. 'commande.' or 'lead.returned'), actor, subject and a time range.
SELECT id, account_id, actor, action, subject, detail, created_at
FROM activity_log
WHERE (:account_ids IS NULL OR account_id IN (SELECT value FROM json_each(:account_ids)))
  AND (:action IS NULL OR action = :action OR action LIKE :action || '%')
  AND (:actor IS NULL OR actor = :actor)
  AND (:subject IS NULL OR subject = :subject)
  AND (:since IS NULL OR created_at >= :since)
  AND (:until IS NULL OR created_at < :until)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;
