-- The leads of one person, by phone (E.164; leads_phone_product index).
SELECT id, account_id, visitor_id, session_id FROM leads WHERE phone_e164 = :value ORDER BY id;
