-- The form a submission names (by its public key), with what intake needs to store a lead;
-- entity_id is the root account (selling entity) of the form's account.
WITH RECURSIVE up(id, parent_id) AS (
    SELECT accounts.id, accounts.parent_id
    FROM accounts JOIN forms ON forms.account_id = accounts.id
    WHERE forms.key = :key
    UNION ALL
    SELECT accounts.id, accounts.parent_id FROM accounts JOIN up ON accounts.id = up.parent_id
)
SELECT id, key, account_id, lp_id, product_code, url, thank_you_url, consent_version,
       consent_text, required_fields, field_aliases, active,
       (SELECT up.id FROM up WHERE up.parent_id IS NULL) AS entity_id
FROM forms
WHERE key = :key
