-- A buyer's delivery settings as shown (whether an auth header is set, never the secret).
SELECT id, name, account_id, delivery_mode, delivery_config, webhook_url,
       auth_enc IS NOT NULL AS has_auth, dedupes, return_window_days
FROM buyers
WHERE id = :buyer_id;
