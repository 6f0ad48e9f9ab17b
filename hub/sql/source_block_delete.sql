-- Lift the block of a traffic source of an account.
DELETE FROM source_blocks WHERE account_id = :account_id AND source = :source;
