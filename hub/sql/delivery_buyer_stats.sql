-- Per active buyer of the accounts in :scope (:every = 1: all): the calls made to it since
-- :since (attempts with a duration: one refused by an open breaker or by settings that cannot
-- work called nobody), the delivered ones, their p95 latency (nearest rank), and its queue now
-- (pending, retrying, dead).
WITH recent AS (
    SELECT d.buyer_id, a.duration_ms, a.outcome
    FROM delivery_attempts a
    JOIN deliveries d ON d.id = a.delivery_id
    WHERE a.started_at >= :since AND a.duration_ms > 0
),
totals AS (
    SELECT buyer_id, count(*) AS calls, sum(outcome = 'delivered') AS delivered
    FROM recent
    GROUP BY buyer_id
),
ranked AS (
    SELECT buyer_id, duration_ms,
           row_number() OVER (PARTITION BY buyer_id ORDER BY duration_ms) AS rn,
           count(*) OVER (PARTITION BY buyer_id) AS n
    FROM recent
),
p95 AS (
    SELECT buyer_id, min(duration_ms) AS p95_ms FROM ranked WHERE rn >= 0.95 * n GROUP BY buyer_id
),
queue AS (
    SELECT buyer_id,
           sum(status = 'pending' AND attempts = 0) AS pending,
           sum(status = 'pending' AND attempts > 0) AS retrying,
           sum(status = 'dead') AS dead
    FROM deliveries
    WHERE status IN ('pending', 'dead')
    GROUP BY buyer_id
)
SELECT b.id AS buyer_id, b.name AS buyer_name, b.account_id, b.delivery_mode, b.webhook_url,
       b.misconfigured,
       coalesce(t.calls, 0) AS calls, coalesce(t.delivered, 0) AS delivered, p.p95_ms,
       coalesce(q.pending, 0) AS pending, coalesce(q.retrying, 0) AS retrying,
       coalesce(q.dead, 0) AS dead
FROM buyers b
LEFT JOIN totals t ON t.buyer_id = b.id
LEFT JOIN p95 p ON p.buyer_id = b.id
LEFT JOIN queue q ON q.buyer_id = b.id
WHERE b.active = 1
  AND (:buyer_id IS NULL OR b.id = :buyer_id)
  AND (:account_id IS NULL OR b.account_id = :account_id)
  AND (:every = 1 OR b.account_id IN (SELECT value FROM json_each(:scope)))
ORDER BY b.name, b.id;
