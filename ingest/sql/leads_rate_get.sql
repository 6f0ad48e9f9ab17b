-- Per-IP lead counts of the current and previous rate windows (ingest.spam.RateLimit).
SELECT window_start, count
FROM intake_rate
WHERE window_start IN (:previous, :current) AND ip = :ip
