-- Every form (the service keeps those the actor sees and filters them).
SELECT id, key, account_id, lp_id, name, url, thank_you_url, product_code, consent_version,
       consent_text, required_fields, field_aliases, active, created_at
FROM forms
ORDER BY created_at, id;
