-- The demo form whose page or thank-you page is served at a path (its URL ends with :path).
SELECT key, name, url, thank_you_url, consent_text
FROM forms
WHERE url LIKE '%' || :path OR thank_you_url LIKE '%' || :path;
