-- Issued invoices and credit notes (no files: the PDF and CSV stay in the hub).
SELECT id, number, kind, entity_id, buyer_id, customer_entity_id, account_id, period, period_start, period_end,
       issue_date, due_date, refers_to, currency, vat_rate_bp, total_ht_cents, vat_cents,
       total_ttc_cents, prepaid, status, issued_at, sent_at, paid_at
FROM invoices
