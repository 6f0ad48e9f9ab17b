-- Documents matching the filters (NULL: any), newest first; :account_ids a JSON list or NULL.
SELECT i.id, i.number, i.kind, i.entity_id, i.buyer_id, i.customer_entity_id,
       coalesce(b.name, c.name) AS buyer_name, i.account_id,
       i.period, i.period_start, i.period_end, i.issue_date, i.due_date, i.refers_to,
       r.number AS refers_to_number, i.currency, i.vat_rate_bp, i.total_ht_cents, i.vat_cents,
       i.total_ttc_cents, i.prepaid, i.status, i.issued_at, i.sent_at, i.paid_at
FROM invoices AS i
LEFT JOIN buyers AS b ON b.id = i.buyer_id
LEFT JOIN accounts AS c ON c.id = i.customer_entity_id
LEFT JOIN invoices AS r ON r.id = i.refers_to
WHERE (:account_ids IS NULL OR i.account_id IN (SELECT value FROM json_each(:account_ids))
       OR i.customer_entity_id IN (SELECT value FROM json_each(:account_ids)))
  AND (:kind IS NULL OR i.kind = :kind)
  AND (:intercompany IS NULL OR (i.customer_entity_id IS NOT NULL) = :intercompany)
  AND (:buyer_id IS NULL OR i.buyer_id = :buyer_id)
  AND (:period IS NULL OR i.period = :period)
  AND (:status IS NULL OR i.status = :status)
ORDER BY i.issued_at DESC, i.number DESC;
