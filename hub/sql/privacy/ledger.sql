-- The consent ledger: every lead whose consent was given in [:start, :end), with its form and
-- consent version text (the service keeps the actor's accounts and names the buyers).
SELECT leads.id AS lead_id, leads.account_id, leads.consent_at, leads.consent_given,
       leads.form_id, forms.key AS form_key, leads.consent_version,
       coalesce(consent_texts.consent_text, leads.consent_text) AS consent_text,
       leads.page_url, leads.ip, leads.anonymised_at
FROM leads
JOIN forms ON forms.id = leads.form_id
LEFT JOIN consent_texts ON consent_texts.form_id = leads.form_id
                       AND consent_texts.consent_version = leads.consent_version
WHERE leads.consent_at >= :start AND leads.consent_at < :end
ORDER BY leads.consent_at, leads.id;
