-- Drop a user's memberships (before writing its new ones).
DELETE FROM memberships WHERE user_id = :user_id;
