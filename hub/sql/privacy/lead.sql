-- One lead as a person's export shows it: its fields, form, account and the consent text of the
-- version the form showed (kept per version in consent_texts; else the copy on the lead).
SELECT leads.*, forms.key AS form_key, forms.name AS form_name, accounts.name AS account_name,
       coalesce(consent_texts.consent_text, leads.consent_text) AS consent_version_text
FROM leads
JOIN forms ON forms.id = leads.form_id
JOIN accounts ON accounts.id = leads.account_id
LEFT JOIN consent_texts ON consent_texts.form_id = leads.form_id
                       AND consent_texts.consent_version = leads.consent_version
WHERE leads.id = :lead_id;
