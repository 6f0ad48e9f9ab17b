-- One user's memberships.
SELECT account_id, role FROM memberships WHERE user_id = :user_id ORDER BY account_id;
