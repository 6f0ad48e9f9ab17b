-- Change a user's display name.
UPDATE users SET name = :name WHERE id = :id;
