-- Every user (never the password hash), oldest first.
SELECT id, email, name, created_at, disabled_at FROM users ORDER BY created_at, id;
