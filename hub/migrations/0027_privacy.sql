-- Personal data (decision 0052): when a lead was anonymised by the retention run (idempotent:
-- never twice), a person's leads found by e-mail as typed in any case, and the consent ledger
-- read by consent time.
ALTER TABLE leads ADD COLUMN anonymised_at TEXT;
CREATE INDEX leads_email_lower ON leads(lower(email)) WHERE email IS NOT NULL;
CREATE INDEX leads_consent_at ON leads(consent_at);
