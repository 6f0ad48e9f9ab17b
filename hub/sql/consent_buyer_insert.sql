-- A buyer a form's consent version names.
INSERT OR IGNORE INTO consent_buyers (form_id, consent_version, buyer_id)
VALUES (:form_id, :consent_version, :buyer_id);
