-- A person's leads by phone (E.164), every account (the service keeps the actor's), oldest first.
SELECT id, account_id FROM leads WHERE phone_e164 = :phone ORDER BY created_at, id;
