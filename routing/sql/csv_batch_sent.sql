-- The outcome of one send of a CSV batch (:sent_at and :rows_sent only when it was sent).
UPDATE csv_batches
SET attempts = attempts + 1, status = :status, last_error = :error, sent_at = :sent_at,
    rows_sent = :rows_sent
WHERE id = :batch_id;
