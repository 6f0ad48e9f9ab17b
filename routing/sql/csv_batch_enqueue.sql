-- The job of a daily CSV batch: a 'deliver' outbox row for the batch id, due at its send time.
INSERT INTO outbox (kind, ref_id, available_at, created_at)
VALUES ('deliver', :batch_id, :due_at, :now);
