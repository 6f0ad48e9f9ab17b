-- Claim up to :limit due outbox jobs for one worker (run inside BEGIN IMMEDIATE).
-- A job is due when it is not done, its time has come, and no live lease holds it; an expired
-- lease (a killed worker) makes it claimable again.
UPDATE outbox
SET claimed_by = :worker, lease_until = :lease_until, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM outbox
    WHERE done_at IS NULL
      AND available_at <= :now
      AND (lease_until IS NULL OR lease_until < :now)
    ORDER BY available_at, id
    LIMIT :limit
)
RETURNING id, kind, ref_id, attempts, created_at;
