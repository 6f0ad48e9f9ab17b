-- One buyer as API v1 shows it (never a secret: whether one is set).
SELECT id, account_id, name, contact_email, webhook_url, secret_enc <> '' AS has_secret,
       delivery_mode, dedupes, return_window_days, legal_name, siren, vat_number, address,
       billing_cycle, payment_days, is_test, active, misconfigured, created_at
FROM buyers
WHERE id = :id;
