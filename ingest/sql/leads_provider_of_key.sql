-- The provider an API key belongs to (provider_id NULL: the account's own key).
SELECT api_keys.provider_id, providers.name, providers.blocked
FROM api_keys
LEFT JOIN providers ON providers.id = api_keys.provider_id
WHERE api_keys.id = :key_id
