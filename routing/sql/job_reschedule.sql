-- Hand a job back, due again at :available_at (changes() = 0: the worker no longer held it).
UPDATE outbox SET available_at = :available_at, claimed_by = NULL, lease_until = NULL,
                  last_error = :error
WHERE id = :job_id AND claimed_by = :worker AND done_at IS NULL;
