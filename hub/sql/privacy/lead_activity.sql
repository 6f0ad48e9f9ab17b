-- The activity log entries about one lead or its deliveries, oldest first.
SELECT actor, action, subject, detail, created_at
FROM activity_log
WHERE subject = :lead_id
   OR subject IN (SELECT id FROM deliveries WHERE lead_id = :lead_id)
ORDER BY id;
