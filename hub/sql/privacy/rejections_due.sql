-- Refused submissions older than :cutoff that still hold what was posted.
SELECT id, account_id FROM lead_rejections
WHERE created_at < :cutoff AND (payload != '{}' OR ip IS NOT NULL OR user_agent IS NOT NULL);
