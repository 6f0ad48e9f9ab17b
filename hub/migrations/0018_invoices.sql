-- Invoices and credit notes (avoirs) per buyer and Europe/Paris period, issued by the buyer's
-- entity and numbered per entity without gaps: {PREFIX}-{YYYYMM}-{NNNN} (YYYYMM: the Paris
-- month of issue; the sequence restarts each month). Intercompany: the entity that produced
-- leads bills the entity that sold them, per ISO week, at the frozen transfer prices,
-- numbered IC-{PREFIX}-{YYYY-Www}-{NNNN}. An issued document never changes: its
-- frozen parties, lines, totals and its Factur-X PDF and CSV are stored once, at issue.

-- The short code an entity's invoice numbers start with (upper-case letters and digits);
-- NULL: derived from the account id (acc_soleil → SOLEIL), see hub/services/billing/numbering.
ALTER TABLE accounts ADD COLUMN invoice_prefix TEXT;

-- The last number given per entity and month: taken and raised in the issuing transaction.
CREATE TABLE invoice_sequences (
    entity_id TEXT NOT NULL REFERENCES accounts(id),
    month     TEXT NOT NULL,             -- YYYYMM (Paris month of issue) or IC{YYYY-Www}
    last      INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (entity_id, month)
);

CREATE TABLE invoices (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    entity_id       TEXT NOT NULL REFERENCES accounts(id),   -- the seller (issuer)
    buyer_id        TEXT REFERENCES buyers(id),              -- NULL: intercompany
    customer_entity_id TEXT REFERENCES accounts(id),         -- intercompany: the billed entity
    account_id      TEXT NOT NULL REFERENCES accounts(id),   -- buyer's account, or the issuer
    period          TEXT NOT NULL,                           -- 2026-11 or 2026-W48
    period_start    TEXT NOT NULL,                           -- Paris date, inclusive
    period_end      TEXT NOT NULL,                           -- Paris date, inclusive
    issue_date      TEXT NOT NULL,                           -- Paris date
    due_date        TEXT NOT NULL,
    refers_to       TEXT REFERENCES invoices(id),            -- a credit note's invoice
    currency        TEXT NOT NULL DEFAULT 'EUR',
    vat_rate_bp     INTEGER NOT NULL,                        -- 2000 = 20 %
    total_ht_cents  INTEGER NOT NULL CHECK (total_ht_cents >= 0),
    vat_cents       INTEGER NOT NULL CHECK (vat_cents >= 0),
    total_ttc_cents INTEGER NOT NULL CHECK (total_ttc_cents >= 0),
    prepaid         INTEGER NOT NULL DEFAULT 0,              -- paid by the buyer's prepayment
    status          TEXT NOT NULL CHECK (status IN ('issued', 'sent', 'paid')),
    document        TEXT NOT NULL,                           -- the frozen content (JSON)
    pdf             BLOB NOT NULL,                           -- Factur-X PDF/A-3
    csv             TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    sent_at         TEXT,
    paid_at         TEXT,
    CHECK ((buyer_id IS NULL) <> (customer_entity_id IS NULL))
);
-- One invoice per buyer and period (closing again finds it and changes nothing).
CREATE UNIQUE INDEX invoices_one_per_period ON invoices(buyer_id, period) WHERE kind = 'invoice';
CREATE UNIQUE INDEX invoices_one_ic_per_week ON invoices(entity_id, customer_entity_id, period)
    WHERE kind = 'invoice' AND customer_entity_id IS NOT NULL;
CREATE INDEX invoices_account ON invoices(account_id, issue_date);

CREATE TABLE invoice_lines (
    invoice_id        TEXT NOT NULL REFERENCES invoices(id),
    line_no           INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'credit', 'transfer')),
    product_code      TEXT,
    label             TEXT NOT NULL,
    quantity          INTEGER NOT NULL,          -- negative on an invoice's netted returns
    unit_price_cents  INTEGER NOT NULL,
    amount_cents      INTEGER NOT NULL,          -- quantity × unit price (HT)
    PRIMARY KEY (invoice_id, line_no)
);

-- Which invoice billed a sale, and which document (invoice or credit note) carried a credit;
-- the same for the intercompany transfer of a sale and its reversal by a return.
ALTER TABLE deliveries ADD COLUMN invoice_id TEXT REFERENCES invoices(id);
ALTER TABLE credits ADD COLUMN invoice_id TEXT REFERENCES invoices(id);
ALTER TABLE deliveries ADD COLUMN ic_invoice_id TEXT REFERENCES invoices(id);
ALTER TABLE credits ADD COLUMN ic_invoice_id TEXT REFERENCES invoices(id);
CREATE INDEX deliveries_uninvoiced ON deliveries(buyer_id, delivered_at) WHERE invoice_id IS NULL;
