-- The outbox jobs of an erased lead (routing it, delivering it) that are not done: done now.
UPDATE outbox SET done_at = :now, last_error = 'lead erased'
WHERE done_at IS NULL AND ((kind = 'route' AND ref_id = :lead_id)
    OR (kind = 'deliver' AND ref_id IN (SELECT id FROM deliveries
                                        WHERE lead_id = :lead_id AND status = 'rejected')));
