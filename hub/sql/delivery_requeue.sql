-- A dead delivery is tried again: pending once more (same delivery, same idempotency key).
UPDATE deliveries SET status = 'pending', updated_at = :now WHERE id = :delivery_id;
