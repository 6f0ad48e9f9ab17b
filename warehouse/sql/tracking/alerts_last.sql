-- Tracking alerts of the last days, oldest first (the caller keeps the latest per subject).
SELECT subject, action, detail, created_at
FROM activity_log
WHERE action IN ('tracking.silent', 'tracking.recovered', 'tracking.quarantine_spike')
  AND created_at >= :since
ORDER BY id;
