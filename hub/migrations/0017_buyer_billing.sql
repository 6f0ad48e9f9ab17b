-- What an invoice needs of a buyer: its legal identity (the French legal mentions name the
-- buyer's SIREN, VAT number and address), how it is billed (a weekly or monthly cycle, or
-- prepaid) and its payment terms in days (at most 60 under the Code de commerce, L441-10).
ALTER TABLE buyers ADD COLUMN legal_name TEXT;
ALTER TABLE buyers ADD COLUMN siren TEXT;
ALTER TABLE buyers ADD COLUMN vat_number TEXT;
ALTER TABLE buyers ADD COLUMN address TEXT;
ALTER TABLE buyers ADD COLUMN billing_cycle TEXT NOT NULL DEFAULT 'monthly'
    CHECK (billing_cycle IN ('weekly', 'monthly', 'prepaid'));
ALTER TABLE buyers ADD COLUMN payment_days INTEGER NOT NULL DEFAULT 30
    CHECK (payment_days BETWEEN 0 AND 60);
