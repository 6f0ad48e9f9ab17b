-- What the open period has sold so far per buyer (not billed yet, test leads left out), and
-- the credits waiting for a document, for the buyers of :cycles (never a test buyer).
SELECT b.id AS buyer_id, b.name AS buyer_name, b.account_id, b.billing_cycle,
       (SELECT count(*) FROM deliveries AS d JOIN leads AS l ON l.id = d.lead_id
        WHERE d.buyer_id = b.id AND d.status = 'delivered' AND d.invoice_id IS NULL
          AND l.is_test = 0 AND coalesce(d.delivered_at, d.created_at) >= :start
          AND coalesce(d.delivered_at, d.created_at) < :end) AS leads_sold,
       (SELECT coalesce(sum(d.price_cents), 0) FROM deliveries AS d JOIN leads AS l ON l.id = d.lead_id
        WHERE d.buyer_id = b.id AND d.status = 'delivered' AND d.invoice_id IS NULL
          AND l.is_test = 0 AND coalesce(d.delivered_at, d.created_at) >= :start
          AND coalesce(d.delivered_at, d.created_at) < :end) AS sold_cents,
       (SELECT coalesce(sum(c.amount_cents), 0) FROM credits AS c
        WHERE c.buyer_id = b.id AND c.invoice_id IS NULL) AS credits_pending_cents
FROM buyers AS b
WHERE b.billing_cycle IN (SELECT value FROM json_each(:cycles)) AND b.is_test = 0
ORDER BY b.name, b.id;
