-- The delivery queue, one page of it: pending (never tried), retrying (tried, failed, a retry
-- due at next_attempt_at) or dead letters, of the buyers of the accounts in :scope (a JSON list;
-- :every = 1: every account), optionally of one buyer or one account. Oldest first.
-- last_error: why the last attempt failed (maybe the open breaker); last_call_error: what the
-- last call that reached the buyer's server got (its answer, a timeout…).
SELECT d.id, d.lead_id, l.product_code, d.buyer_id, b.name AS buyer_name, b.account_id,
       d.commande_id, d.price_cents,
       CASE WHEN d.status = 'pending' AND d.attempts > 0 THEN 'retrying' ELSE d.status END
           AS status,
       d.attempts, d.last_error,
       (SELECT a.error FROM delivery_attempts a
        WHERE a.delivery_id = d.id AND a.duration_ms > 0
        ORDER BY a.id DESC LIMIT 1) AS last_call_error,
       d.created_at, d.updated_at, d.retry_since,
       (SELECT min(o.available_at) FROM outbox o
        WHERE o.kind = 'deliver' AND o.ref_id = d.id AND o.done_at IS NULL) AS next_attempt_at
FROM deliveries d
JOIN buyers b ON b.id = d.buyer_id
JOIN leads l ON l.id = d.lead_id
WHERE CASE :status
          WHEN 'pending' THEN d.status = 'pending' AND d.attempts = 0
          WHEN 'retrying' THEN d.status = 'pending' AND d.attempts > 0
          ELSE d.status = 'dead'
      END
  AND (:buyer_id IS NULL OR d.buyer_id = :buyer_id)
  AND (:account_id IS NULL OR b.account_id = :account_id)
  AND (:every = 1 OR b.account_id IN (SELECT value FROM json_each(:scope)))
ORDER BY d.created_at, d.id
LIMIT :limit OFFSET :offset;
