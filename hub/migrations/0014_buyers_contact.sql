-- Buyers and products managed through API v1 and the CLI: a buyer's contact e-mail, and the
-- aides (public subsidies) a product qualifies for, as a JSON list of strings.
ALTER TABLE buyers ADD COLUMN contact_email TEXT;
ALTER TABLE products ADD COLUMN aides TEXT NOT NULL DEFAULT '[]';
