-- API v1: one lead, only if the account may see it (itself and its sub-accounts).
WITH RECURSIVE scope(id) AS (
    SELECT id FROM accounts WHERE id = :account_id
    UNION
    SELECT accounts.id FROM accounts JOIN scope ON accounts.parent_id = scope.id
)
SELECT leads.*, forms.key AS form_key
FROM leads
JOIN forms ON forms.id = leads.form_id
WHERE leads.id = :lead_id
  AND leads.account_id IN (SELECT id FROM scope)
