-- The stored answer for (scope = form key, key), if younger than the given time.
SELECT status_code, response, fingerprint
FROM idempotency_keys
WHERE scope = ? AND key = ? AND created_at >= ?
