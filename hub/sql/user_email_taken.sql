-- The user holding this e-mail, case-insensitive (disabled users keep theirs).
SELECT id FROM users WHERE lower(email) = lower(:email);
