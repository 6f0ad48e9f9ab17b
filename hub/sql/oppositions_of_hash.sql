-- The entries of one hashed phone or e-mail (every account).
SELECT id, kind, hash, account_id, reason, actor, created_at FROM oppositions WHERE hash = :hash;
