-- One issued document (invoice or credit note), frozen.
INSERT INTO invoices (
    id, number, kind, entity_id, buyer_id, customer_entity_id, account_id, period, period_start, period_end,
    issue_date, due_date, refers_to, currency, vat_rate_bp, total_ht_cents, vat_cents,
    total_ttc_cents, prepaid, status, document, pdf, csv, issued_at, paid_at
) VALUES (
    :id, :number, :kind, :entity_id, :buyer_id, :customer_entity_id, :account_id, :period, :period_start,
    :period_end, :issue_date, :due_date, :refers_to, 'EUR', :vat_rate_bp, :total_ht_cents,
    :vat_cents, :total_ttc_cents, :prepaid, :status, :document, :pdf, :csv, :issued_at, :paid_at
);
