-- The leads of one person, by e-mail (trimmed, lowercase; a scan: erasures are rare).
SELECT id, account_id, visitor_id, session_id FROM leads
WHERE email IS NOT NULL AND lower(trim(email)) = :value ORDER BY id;
