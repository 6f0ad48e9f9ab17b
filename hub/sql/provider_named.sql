-- A row when another provider of the account has this name.
SELECT id FROM providers WHERE account_id = :account_id AND name = :name AND id != :id;
