-- The form a submission names (by its public key), with what intake needs to store a lead.
SELECT id, key, account_id, lp_id, product_code, url, thank_you_url, consent_version,
       consent_text, required_fields, active
FROM forms
WHERE key = ?
