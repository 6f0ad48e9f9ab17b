-- Test buyers (issue 12, item 1; decision 0050): a buyer flagged as test takes test leads only,
-- and a test lead goes to test buyers only (routing); a test buyer's deliveries are never
-- billed (invoices, intercompany, billing_monthly). The demo has one, for `leadhub smoke`.
ALTER TABLE buyers ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
