-- Put a delivery in a daily CSV batch.
UPDATE deliveries SET batch_id = :batch_id, updated_at = :now WHERE id = :delivery_id;
