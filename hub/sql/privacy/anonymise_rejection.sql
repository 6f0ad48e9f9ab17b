-- Anonymise one refused submission: the posted body, IP and user agent go; reason and time stay.
UPDATE lead_rejections SET payload = '{}', ip = NULL, user_agent = NULL WHERE id = :id;
