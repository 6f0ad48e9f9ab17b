-- The form a submission names (by its public key), with what intake needs to store a lead;
-- entity_id is the root account (selling entity) of the form's account; archived_account the
-- nearest archived account on the way up (its leads are held), NULL when none is.
WITH RECURSIVE up(id, parent_id, archived_at, depth) AS (
    SELECT accounts.id, accounts.parent_id, accounts.archived_at, 0
    FROM accounts JOIN forms ON forms.account_id = accounts.id
    WHERE forms.key = :key
    UNION ALL
    SELECT accounts.id, accounts.parent_id, accounts.archived_at, up.depth + 1
    FROM accounts JOIN up ON accounts.id = up.parent_id
)
SELECT id, key, account_id, lp_id, product_code, url, thank_you_url, consent_version,
       consent_text, required_fields, field_aliases, active,
       (SELECT up.id FROM up WHERE up.parent_id IS NULL) AS entity_id,
       (SELECT up.id FROM up WHERE up.archived_at IS NOT NULL
        ORDER BY up.depth LIMIT 1) AS archived_account
FROM forms
WHERE key = :key
