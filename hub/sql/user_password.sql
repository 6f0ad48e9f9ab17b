-- Set a user's password (its argon2 hash).
UPDATE users SET password_hash = :password_hash WHERE id = :id;
