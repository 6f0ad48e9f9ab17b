-- Disable a user (no more sign-in; never deleted).
UPDATE users SET disabled_at = :now WHERE id = :id AND disabled_at IS NULL;
