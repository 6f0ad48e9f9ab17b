-- The roles on a user's memberships (one role per user; the highest wins for older rows).
SELECT role FROM memberships WHERE user_id = :user_id;
