SELECT id, key, account_id, lp_id, name, url, thank_you_url, product_code, consent_version,
       required_fields, active, created_at
FROM forms
