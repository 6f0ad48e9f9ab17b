-- No personal data (names, e-mail, phone, postal code, IP, consent text) leaves the hub.
SELECT id, account_id, form_id, lp_id, product_code, status, source, utm_medium, utm_campaign,
       variant, departement, phone_class, visitor_id, session_id, is_test, user_agent,
       created_at, updated_at
FROM leads
