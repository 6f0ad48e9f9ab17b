-- No webhook_url (may carry tokens), never secret_enc, auth_enc or delivery_config.
SELECT id, account_id, name, active, created_at, delivery_mode, dedupes, return_window_days,
       is_test
FROM buyers
