-- Everything one erasure request needs: the notice, the delivery the buyer received, and how
-- the buyer is reached. No personal data: the lead is erased already.
SELECT n.id AS notice_id, n.erasure_id, n.delivery_id, n.lead_id, n.status, n.attempts,
       n.created_at, b.id AS buyer_id, b.account_id AS buyer_account_id, b.name AS buyer_name,
       b.webhook_url, b.secret_enc, b.delivery_mode, b.delivery_config, b.auth_enc,
       l.erased_at
FROM erasure_notices n
JOIN buyers b ON b.id = n.buyer_id
JOIN leads l ON l.id = n.lead_id
WHERE n.id = :notice_id;
