-- A buyer's delivery settings (validated by the caller). A new secret replaces the old one only
-- when given; the secret headers are kept when :keep_auth, else replaced; whatever flagged the buyer misconfigured is cleared (the next attempt tells).
UPDATE buyers SET
    delivery_mode = :mode,
    delivery_config = :config,
    auth_enc = CASE WHEN :keep_auth THEN auth_enc ELSE :auth_enc END,
    webhook_url = coalesce(:url, webhook_url),
    dedupes = coalesce(:dedupes, dedupes),
    return_window_days = coalesce(:return_window_days, return_window_days),
    secret_enc = coalesce(:secret_enc, secret_enc),
    misconfigured = NULL,
    misconfigured_at = NULL
WHERE id = :buyer_id;
