-- A user's role on an account.
INSERT INTO memberships (user_id, account_id, role) VALUES (:user_id, :account_id, :role);
