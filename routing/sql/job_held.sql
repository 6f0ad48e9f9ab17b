-- A row while the worker still holds the job (claimed by it and not done).
SELECT 1 FROM outbox WHERE id = :job_id AND claimed_by = :worker AND done_at IS NULL;
