-- The outcome of one try of an erasure request (status stays 'pending' while it is retried).
UPDATE erasure_notices SET status = :status, attempts = attempts + 1, last_error = :error,
    sent_at = CASE WHEN :status = 'sent' THEN :now ELSE sent_at END, updated_at = :now
WHERE id = :notice_id;
