INSERT INTO delivery_attempts
    (delivery_id, attempt_no, started_at, duration_ms, status_code, error, outcome, ambiguous)
VALUES (:delivery_id, :attempt_no, :started_at, :duration_ms, :status_code, :error, :outcome,
        :ambiguous);
