-- Record (or replace an expired / superseded) answer for (scope, key).
INSERT OR REPLACE INTO idempotency_keys (scope, key, status_code, response, created_at, fingerprint)
VALUES (?, ?, ?, ?, ?, ?)
