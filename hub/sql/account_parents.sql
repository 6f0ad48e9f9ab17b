-- Every account with its parent (NULL for an entity at the root of its tree).
SELECT id, parent_id FROM accounts;
