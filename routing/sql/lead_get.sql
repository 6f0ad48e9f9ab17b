-- One lead as stored (every column).
SELECT * FROM leads WHERE id = :lead_id;
