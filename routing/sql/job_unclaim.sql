-- Give back a job claimed but never started (it waited too long in the worker's queue, or the
-- worker is stopping): due as it was, claimable at once, and the claim does not count as an
-- attempt. changes() = 0: the worker no longer held it.
UPDATE outbox SET claimed_by = NULL, lease_until = NULL, attempts = attempts - 1
WHERE id = :job_id AND claimed_by = :worker AND done_at IS NULL;
