-- The buyers a form's consent version names, by legal name (else name).
SELECT consent_buyers.buyer_id, coalesce(nullif(buyers.legal_name, ''), buyers.name) AS name
FROM consent_buyers
JOIN buyers ON buyers.id = consent_buyers.buyer_id
WHERE consent_buyers.form_id = :form_id AND consent_buyers.consent_version = :consent_version
ORDER BY consent_buyers.buyer_id;
