-- A new form.
INSERT INTO forms (id, key, account_id, lp_id, name, url, thank_you_url, product_code,
                   consent_version, consent_text, required_fields, field_aliases, active,
                   created_at)
VALUES (:id, :key, :account_id, :lp_id, :name, :url, :thank_you_url, :product_code,
        :consent_version, :consent_text, :required_fields, :field_aliases, 1, :created_at);
