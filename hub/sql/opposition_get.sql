-- One opposition.
SELECT id, kind, hash, account_id, reason, actor, created_at FROM oppositions WHERE id = :id;
