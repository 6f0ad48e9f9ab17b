-- Move a document along issued → sent → paid (the times of each step kept).
UPDATE invoices
SET status = :status,
    sent_at = CASE WHEN :status IN ('sent', 'paid') THEN coalesce(sent_at, :now) ELSE sent_at END,
    paid_at = CASE WHEN :status = 'paid' THEN :now ELSE paid_at END
WHERE id = :id;
