-- Change a form (its key, account and creation date never change).
UPDATE forms
SET lp_id = :lp_id, name = :name, url = :url, thank_you_url = :thank_you_url,
    product_code = :product_code, consent_version = :consent_version,
    consent_text = :consent_text, required_fields = :required_fields,
    field_aliases = :field_aliases, active = :active
WHERE id = :id;
