-- One document without its files.
SELECT i.id, i.number, i.kind, i.entity_id, i.buyer_id, i.customer_entity_id,
       coalesce(b.name, c.name) AS buyer_name, i.account_id,
       i.period, i.period_start, i.period_end, i.issue_date, i.due_date, i.refers_to,
       r.number AS refers_to_number, i.currency, i.vat_rate_bp, i.total_ht_cents, i.vat_cents,
       i.total_ttc_cents, i.prepaid, i.status, i.issued_at, i.sent_at, i.paid_at
FROM invoices AS i
LEFT JOIN buyers AS b ON b.id = i.buyer_id
LEFT JOIN accounts AS c ON c.id = i.customer_entity_id
LEFT JOIN invoices AS r ON r.id = i.refers_to
WHERE i.id = :id;
