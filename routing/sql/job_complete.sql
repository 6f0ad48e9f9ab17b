-- Mark a job done, with its error if any (changes() = 0: the worker no longer held it).
UPDATE outbox SET done_at = :now, lease_until = NULL, last_error = :error
WHERE id = :job_id AND claimed_by = :worker AND done_at IS NULL;
