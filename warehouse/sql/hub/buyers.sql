-- No webhook_url (may carry tokens) and never secret_enc.
SELECT id, account_id, name, active, created_at FROM buyers
