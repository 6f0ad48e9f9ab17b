-- Store the circuit breaker of one endpoint (insert or replace its state).
INSERT INTO circuit_breakers (endpoint, state, failures, cool_down, open_until, probe_until,
                              updated_at)
VALUES (:endpoint, :state, :failures, :cool_down, :open_until, :probe_until, :updated_at)
ON CONFLICT (endpoint) DO UPDATE SET
    state = excluded.state,
    failures = excluded.failures,
    cool_down = excluded.cool_down,
    open_until = excluded.open_until,
    probe_until = excluded.probe_until,
    updated_at = excluded.updated_at;
