-- Revoke every key of a provider (archived): they authenticate no more; returns their ids.
UPDATE api_keys SET revoked_at = :now
WHERE provider_id = :provider_id AND revoked_at IS NULL
RETURNING id;
