-- A person's leads by e-mail, in any case (index leads_email_lower), oldest first.
SELECT id, account_id FROM leads
WHERE lower(email) = :email AND email IS NOT NULL
ORDER BY created_at, id;
