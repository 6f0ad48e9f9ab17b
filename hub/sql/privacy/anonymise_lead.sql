-- Anonymise one lead: personal fields nulled, the page and referrer URLs without their query;
-- status, product, département, attribution, consent version and time, money (deliveries)
-- stay. updated_at is kept: the last contact does not move.
UPDATE leads
SET first_name = NULL, last_name = NULL, email = NULL, phone_e164 = NULL, postal_code = NULL,
    city = NULL, ip = NULL, user_agent = NULL, submission_id = NULL, gclid = NULL,
    fbclid = NULL, extra = '{}', page_url = :page_url, referrer = :referrer,
    anonymised_at = :now
WHERE id = :id AND anonymised_at IS NULL;
