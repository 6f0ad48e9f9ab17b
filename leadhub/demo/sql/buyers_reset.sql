-- Reseeding: the demo buyers (and the test buyer) deliver to :url and sign with the (encrypted) secret the fake CRM
-- is started with; a misconfiguration flag is cleared.
UPDATE buyers SET webhook_url = :url, secret_enc = :secret_enc, misconfigured = NULL,
                  misconfigured_at = NULL
WHERE id IN ('buy_soleil_crm', 'buy_eco_crm', 'buy_test_crm');
