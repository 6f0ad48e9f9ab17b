-- The forms of an LP (a brief covers them all).
SELECT id, key, name, url, thank_you_url, active, consent_version, consent_text, required_fields
FROM forms
WHERE lp_id = :lp_id
ORDER BY active DESC, created_at, key;
