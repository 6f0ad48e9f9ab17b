-- Routing lookups: "same phone and product already sold to this buyer within 30 days" reads
-- leads by phone, and the buyer's deliveries by lead; dashboards list deliveries by status.
CREATE INDEX IF NOT EXISTS leads_phone_product ON leads(phone_e164, product_code);
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries(status, created_at);
