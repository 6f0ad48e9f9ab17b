-- A new job already claimed by :worker (first attempt), leased until :lease_until.
INSERT INTO outbox (kind, ref_id, available_at, attempts, claimed_by, lease_until, created_at)
VALUES (:kind, :ref_id, :now, 1, :worker, :lease_until, :now);
