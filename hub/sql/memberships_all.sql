-- Every membership: which user has which role on which account.
SELECT user_id, account_id, role FROM memberships ORDER BY user_id, account_id;
