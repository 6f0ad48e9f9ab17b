-- How many deliveries deliveries_queue.sql lists in all (same filters, no page).
SELECT count(*)
FROM deliveries d
JOIN buyers b ON b.id = d.buyer_id
WHERE CASE :status
          WHEN 'pending' THEN d.status = 'pending' AND d.attempts = 0
          WHEN 'retrying' THEN d.status = 'pending' AND d.attempts > 0
          ELSE d.status = 'dead'
      END
  AND (:buyer_id IS NULL OR d.buyer_id = :buyer_id)
  AND (:account_id IS NULL OR b.account_id = :account_id)
  AND (:every = 1 OR b.account_id IN (SELECT value FROM json_each(:scope)))
