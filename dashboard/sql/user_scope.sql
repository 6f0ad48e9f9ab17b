-- Accounts a user may see: its memberships plus every sub-account below them (any depth).
WITH RECURSIVE scope(id) AS (
    SELECT account_id FROM memberships WHERE user_id = :user_id
    UNION
    SELECT a.id FROM accounts AS a JOIN scope AS s ON a.parent_id = s.id
)
SELECT a.id, a.name
FROM accounts AS a
JOIN scope AS s ON s.id = a.id
ORDER BY a.name, a.id;
