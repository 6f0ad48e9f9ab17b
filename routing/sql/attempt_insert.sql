INSERT INTO delivery_attempts
    (delivery_id, attempt_no, started_at, duration_ms, status_code, error, outcome)
VALUES (:delivery_id, :attempt_no, :started_at, :duration_ms, :status_code, :error, :outcome);
