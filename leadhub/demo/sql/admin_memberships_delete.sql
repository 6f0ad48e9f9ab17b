-- Reseeding: the demo admin's memberships go (they are created again with the user).
DELETE FROM memberships WHERE user_id = 'usr_admin';
