-- A buyer's new signing secret (encrypted).
UPDATE buyers SET secret_enc = :secret_enc WHERE id = :id;
