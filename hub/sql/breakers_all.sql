-- Every circuit breaker (one per buyer endpoint) as the router keeps it.
SELECT endpoint, state, failures, open_until, probe_until, updated_at FROM circuit_breakers;
