-- The signed-in user, re-read on every page run.
SELECT id, email, name FROM users WHERE id = :id;
