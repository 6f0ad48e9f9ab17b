-- The credits given back for one lead (returns), with the buyer's name.
SELECT credits.id, credits.buyer_id, buyers.name AS buyer_name, credits.kind,
       credits.delivery_id, credits.amount_cents, credits.reason, credits.actor,
       credits.created_at
FROM credits
JOIN buyers ON buyers.id = credits.buyer_id
WHERE credits.lead_id = :lead_id
ORDER BY credits.created_at, credits.id;
