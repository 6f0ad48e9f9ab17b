-- Every consent version of a form, oldest first.
SELECT consent_version, consent_text, created_at
FROM consent_texts
WHERE form_id = :form_id
ORDER BY created_at, rowid;
