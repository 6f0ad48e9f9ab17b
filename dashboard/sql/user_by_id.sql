-- The signed-in user, re-read on every page run (a disabled user is signed out at once).
SELECT id, email, name FROM users WHERE id = :id AND disabled_at IS NULL;
