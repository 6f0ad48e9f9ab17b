-- Allow an origin for an account (nothing happens when it is allowed already).
INSERT OR IGNORE INTO allowed_origins (account_id, origin) VALUES (:account_id, :origin);
