-- The opposition list, newest first (hashes only: the values were never stored).
SELECT id, kind, hash, account_id, reason, actor, created_at FROM oppositions
ORDER BY created_at DESC, id DESC;
