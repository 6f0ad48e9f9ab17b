-- The active (not disabled) user with this e-mail (case-insensitive), with its password hash.
SELECT id, email, name, password_hash FROM users
WHERE lower(email) = lower(:email) AND disabled_at IS NULL;
