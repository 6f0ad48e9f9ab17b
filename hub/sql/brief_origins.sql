-- Origins allowed to send credentialed beacons for an account.
SELECT origin FROM allowed_origins WHERE account_id = :account_id ORDER BY origin;
