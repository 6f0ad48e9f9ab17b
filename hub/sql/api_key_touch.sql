-- Record a key's use (the caller skips it when the last use is under a minute old).
UPDATE api_keys SET last_used_at = :now
WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :before);
