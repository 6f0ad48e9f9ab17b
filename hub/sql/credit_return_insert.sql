-- A buyer's return: a 'return' credit of the delivery's price (and its intercompany transfer).
INSERT INTO credits (id, buyer_id, kind, delivery_id, lead_id, amount_cents, transfer_cents,
                     reason, actor, created_at)
VALUES (:id, :buyer_id, 'return', :delivery_id, :lead_id, :amount_cents, :transfer_cents,
        :reason, :actor, :created_at);
