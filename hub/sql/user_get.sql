-- One user (never the password hash).
SELECT id, email, name, created_at, disabled_at FROM users WHERE id = :id;
