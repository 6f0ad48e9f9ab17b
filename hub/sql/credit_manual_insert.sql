-- A manual credit granted to a buyer, with its reason.
INSERT INTO credits (id, buyer_id, kind, amount_cents, reason, actor, created_at)
VALUES (:id, :buyer_id, 'manual', :amount_cents, :reason, :actor, :created_at);
