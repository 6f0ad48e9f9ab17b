-- Every origin allowed to send credentialed beacons, whatever the account.
SELECT DISTINCT origin FROM allowed_origins;
