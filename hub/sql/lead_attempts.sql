-- Every delivery attempt of one lead, oldest first: the buyer's answer (status code, error or
-- the start of its body), how long it took and what came of it.
SELECT delivery_attempts.delivery_id, delivery_attempts.attempt_no,
       delivery_attempts.started_at, delivery_attempts.duration_ms,
       delivery_attempts.status_code, delivery_attempts.error, delivery_attempts.outcome,
       delivery_attempts.ambiguous
FROM delivery_attempts
JOIN deliveries ON deliveries.id = delivery_attempts.delivery_id
WHERE deliveries.lead_id = :lead_id
ORDER BY delivery_attempts.started_at, delivery_attempts.id;
