-- A row when a landing page or a form already has this public key.
SELECT 1 FROM landing_pages WHERE key = :key
UNION ALL
SELECT 1 FROM forms WHERE key = :key;
