-- When the earliest pending job becomes claimable (its time, or the end of its lease).
SELECT min(CASE WHEN lease_until IS NOT NULL AND lease_until > available_at
                THEN lease_until ELSE available_at END) AS next_due
FROM outbox
WHERE done_at IS NULL;
