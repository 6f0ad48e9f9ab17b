-- A pending delivery of an erased lead that never reached the buyer: rejected, not sent.
UPDATE deliveries SET status = 'rejected', last_error = 'lead erased', updated_at = :now
WHERE id = :delivery_id AND status = 'pending';
