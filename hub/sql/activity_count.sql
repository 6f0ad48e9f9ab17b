-- How many activity log entries activity_list.sql pages through (same filters).
SELECT count(*)
FROM activity_log
WHERE (:account_ids IS NULL OR account_id IN (SELECT value FROM json_each(:account_ids)))
  AND (:action IS NULL OR action = :action OR action LIKE :action || '%')
  AND (:actor IS NULL OR actor = :actor)
  AND (:subject IS NULL OR subject = :subject)
  AND (:since IS NULL OR created_at >= :since)
  AND (:until IS NULL OR created_at < :until);
