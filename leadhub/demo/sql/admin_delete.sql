-- Reseeding: the demo admin goes (created again with a new password).
DELETE FROM users WHERE id = 'usr_admin';
