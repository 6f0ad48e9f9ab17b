-- Drop per-IP counters older than the previous window (primary-key range delete).
DELETE FROM intake_rate WHERE window_start < :previous
