-- Everything one delivery attempt needs: the delivery, its lead, its buyer and how the buyer
-- receives leads, and the selling/producing entities (an account's entity: itself or its parent).
-- delivery_retry_since: where the give-up horizon counts from (a requeue restarts it).
SELECT
    d.id AS delivery_id, d.status AS delivery_status, d.attempts AS delivery_attempts,
    d.created_at AS delivery_created_at,
    coalesce(d.retry_since, d.created_at) AS delivery_retry_since, d.price_cents, d.commande_id, d.batch_id,
    d.possible_duplicate,
    EXISTS (SELECT 1 FROM delivery_attempts a
            WHERE a.delivery_id = d.id AND a.ambiguous = 1) AS had_ambiguous,
    b.id AS buyer_id, b.account_id AS buyer_account_id, b.name AS buyer_name,
    b.webhook_url, b.secret_enc, b.delivery_mode, b.delivery_config, b.auth_enc, b.dedupes,
    b.misconfigured,
    coalesce(ba.parent_id, ba.id) AS seller_entity,
    coalesce(la.parent_id, la.id) AS producer_entity,
    l.id AS lead_id, l.product_code, l.first_name, l.last_name, l.email, l.phone_e164,
    l.postal_code, l.departement, l.city, l.consent_given, l.consent_version,
    l.consent_text, l.consent_at, l.page_url, l.created_at, l.is_test
FROM deliveries d
JOIN buyers b ON b.id = d.buyer_id
JOIN leads l ON l.id = d.lead_id
LEFT JOIN accounts ba ON ba.id = b.account_id
LEFT JOIN accounts la ON la.id = l.account_id
WHERE d.id = :delivery_id;
