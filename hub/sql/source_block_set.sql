-- Block a traffic source of an account (blocked already: the new reason replaces the old one).
INSERT INTO source_blocks (account_id, source, reason, created_at)
VALUES (:account_id, :source, :reason, :now)
ON CONFLICT (account_id, source) DO UPDATE SET reason = excluded.reason;
