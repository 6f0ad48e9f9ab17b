-- The circuit breaker of one endpoint (no row: closed, never failed).
SELECT state, failures, cool_down, open_until, probe_until FROM circuit_breakers
WHERE endpoint = :endpoint;
