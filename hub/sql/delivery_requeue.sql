-- A dead delivery is tried again: pending once more (same delivery, same idempotency key), its
-- retry window restarting now; a CSV delivery joins its buyer's next batch (batch_id cleared).
UPDATE deliveries SET status = 'pending', retry_since = :now, batch_id = NULL, updated_at = :now
WHERE id = :delivery_id AND status = 'dead';
