-- Stop allowing an origin for an account.
DELETE FROM allowed_origins WHERE account_id = :account_id AND origin = :origin;
