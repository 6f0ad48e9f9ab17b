-- The delivery was taken back by lead ops: its deliver job, if not done, is done now.
UPDATE outbox SET done_at = :now, last_error = 'rerouted by lead ops'
WHERE kind = 'deliver' AND ref_id = :delivery_id AND done_at IS NULL;
