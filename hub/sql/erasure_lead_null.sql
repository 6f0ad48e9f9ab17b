-- Erase one lead's personal fields: the row, its status, product, département, attribution
-- and money stay; the consent record keeps the text version, checkbox and time, not the IP,
-- user agent or page.
UPDATE leads SET first_name = NULL, last_name = NULL, email = NULL, phone_e164 = NULL,
    postal_code = NULL, city = NULL, visitor_id = NULL, session_id = NULL, submission_id = NULL,
    page_url = NULL, referrer = NULL, ip = NULL, user_agent = NULL, gclid = NULL, fbclid = NULL,
    extra = '{}', erased_at = :now, updated_at = :now
WHERE id = :lead_id;
