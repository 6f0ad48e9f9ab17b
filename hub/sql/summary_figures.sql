-- The figures of one period (:start inclusive, :end exclusive, ISO UTC) per selling entity (a
-- root account not archived, with its brands): leads it produced (test traffic left out),
-- leads sold to its buyers and their revenue HT (price frozen at assignment, Paris time of
-- delivery), returns credited to its buyers, deliveries that became dead letters, and tracking
-- alerts raised on its LPs and forms; plus the alerts on traffic matching no page (no account).
WITH RECURSIVE tree (account_id, entity_id) AS (
    SELECT id, id FROM accounts WHERE parent_id IS NULL
    UNION ALL
    SELECT a.id, t.entity_id FROM accounts a JOIN tree t ON a.parent_id = t.account_id
),
produced AS (
    SELECT t.entity_id, count(*) AS n
    FROM leads l JOIN tree t ON t.account_id = l.account_id
    WHERE l.created_at >= :start AND l.created_at < :end AND l.is_test = 0
    GROUP BY t.entity_id
),
sales AS (
    SELECT t.entity_id, count(*) AS n, sum(d.price_cents) AS cents
    FROM deliveries d
    JOIN leads l ON l.id = d.lead_id
    JOIN buyers b ON b.id = d.buyer_id
    JOIN tree t ON t.account_id = b.account_id
    WHERE d.status = 'delivered' AND d.delivered_at >= :start AND d.delivered_at < :end
      AND l.is_test = 0
    GROUP BY t.entity_id
),
returned AS (
    SELECT t.entity_id, count(*) AS n, sum(c.amount_cents) AS cents
    FROM credits c
    JOIN buyers b ON b.id = c.buyer_id
    JOIN tree t ON t.account_id = b.account_id
    WHERE c.kind = 'return' AND c.created_at >= :start AND c.created_at < :end
    GROUP BY t.entity_id
),
logged AS (
    SELECT t.entity_id,
           sum(a.action = 'delivery.dead') AS dead,
           sum(a.action IN ('tracking.silent', 'tracking.quarantine_spike')) AS alerts
    FROM activity_log a JOIN tree t ON t.account_id = a.account_id
    WHERE a.created_at >= :start AND a.created_at < :end
      AND a.action IN ('delivery.dead', 'tracking.silent', 'tracking.quarantine_spike')
    GROUP BY t.entity_id
)
SELECT e.id AS entity_id,
       e.name AS entity_name,
       COALESCE(p.n, 0) AS leads,
       COALESCE(s.n, 0) AS sold,
       COALESCE(s.cents, 0) AS revenue_cents,
       COALESCE(r.n, 0) AS returns,
       COALESCE(r.cents, 0) AS returns_cents,
       COALESCE(g.dead, 0) AS dead_letters,
       COALESCE(g.alerts, 0) AS tracking_alerts,
       (SELECT count(*) FROM activity_log a
        WHERE a.account_id IS NULL AND a.created_at >= :start AND a.created_at < :end
          AND a.action IN ('tracking.silent', 'tracking.quarantine_spike')) AS unattributed_alerts
FROM accounts e
LEFT JOIN produced p ON p.entity_id = e.id
LEFT JOIN sales s ON s.entity_id = e.id
LEFT JOIN returned r ON r.entity_id = e.id
LEFT JOIN logged g ON g.entity_id = e.id
WHERE e.parent_id IS NULL AND e.archived_at IS NULL
ORDER BY e.id;
