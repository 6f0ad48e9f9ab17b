-- Lead ops take the lead back from a pending or dead delivery: it is rejected.
UPDATE deliveries SET status = 'rejected', last_error = 'rerouted by lead ops', updated_at = :now
WHERE id = :delivery_id;
