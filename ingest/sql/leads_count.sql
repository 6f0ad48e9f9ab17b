-- API v1: how many leads match the same filters as leads_list.sql (for `total`).
WITH RECURSIVE scope(id) AS (
    SELECT id FROM accounts WHERE id = :account_id
    UNION
    SELECT accounts.id FROM accounts JOIN scope ON accounts.parent_id = scope.id
)
SELECT COUNT(*)
FROM leads
JOIN forms ON forms.id = leads.form_id
WHERE leads.account_id IN (SELECT id FROM scope)
  AND (:status IS NULL OR leads.status = :status)
  AND (:since IS NULL OR leads.created_at >= :since)
  AND (:form_key IS NULL OR forms.key = :form_key)
