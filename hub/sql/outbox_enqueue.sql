-- Add an outbox job (kind 'route' or 'deliver' of ref_id), due at once.
INSERT INTO outbox (kind, ref_id, available_at, created_at) VALUES (:kind, :ref_id, :now, :now);
