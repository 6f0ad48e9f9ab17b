-- API v1: one page of the leads an account may see (itself and its sub-accounts), newest first.
WITH RECURSIVE scope(id) AS (
    SELECT id FROM accounts WHERE id = :account_id
    UNION
    SELECT accounts.id FROM accounts JOIN scope ON accounts.parent_id = scope.id
)
SELECT leads.*, forms.key AS form_key
FROM leads
JOIN forms ON forms.id = leads.form_id
WHERE leads.account_id IN (SELECT id FROM scope)
  AND (:status IS NULL OR leads.status = :status)
  AND (:since IS NULL OR leads.created_at >= :since)
  AND (:form_key IS NULL OR forms.key = :form_key)
ORDER BY leads.created_at DESC, leads.id DESC
LIMIT :limit OFFSET :offset
