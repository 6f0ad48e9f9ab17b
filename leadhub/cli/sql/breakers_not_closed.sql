-- Circuit breakers that are not closed (open or half-open), by endpoint.
SELECT endpoint, state, failures, open_until FROM circuit_breakers
WHERE state <> 'closed'
ORDER BY endpoint;
