-- Intake: is the phone or the e-mail of a lead to :account_id on the opposition list of that
-- account, its entity (parent) or every account? One lookup on oppositions_hash_account.
SELECT kind FROM oppositions
WHERE hash IN (:phone_hash, :email_hash)
  AND (account_id IS NULL
       OR account_id = :account_id
       OR account_id = (SELECT parent_id FROM accounts WHERE id = :account_id))
LIMIT 1;
