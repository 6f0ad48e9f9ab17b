-- Give a pending delivery its final status, once (changes() = 0: another worker already did);
-- :delivered_at is set for a delivered one only.
UPDATE deliveries SET status = :status, delivered_at = :delivered_at
WHERE id = :delivery_id AND status = 'pending';
