-- Returns and manual credits (the reason is the buyer's/ops' text, no lead personal data).
SELECT id, buyer_id, kind, delivery_id, lead_id, amount_cents, transfer_cents, reason,
       created_at
FROM credits
