-- Every (account, origin) pair allowed to send events: an account's own allowed origins and
-- those of its parents (an entity's origins cover its brands).
WITH RECURSIVE allowed(account_id, origin) AS (
    SELECT account_id, origin FROM allowed_origins
    UNION
    SELECT a.id, t.origin FROM accounts AS a JOIN allowed AS t ON a.parent_id = t.account_id
)
SELECT account_id, origin FROM allowed;
