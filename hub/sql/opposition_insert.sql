-- Put a hashed phone or e-mail on the opposition list of an account (NULL: every account);
-- already there: nothing changes (changes() = 0).
INSERT INTO oppositions (id, kind, hash, account_id, reason, actor, created_at)
VALUES (:id, :kind, :hash, :account_id, :reason, :actor, :created_at)
ON CONFLICT (hash, ifnull(account_id, '')) DO NOTHING;
