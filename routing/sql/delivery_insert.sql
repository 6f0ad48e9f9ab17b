-- A sale of a lead to a commande, pending until its delivery settles; the price is frozen here.
INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status, sale_kind,
                        created_at, updated_at)
VALUES (:id, :lead_id, :buyer_id, :commande_id, :price_cents, 'pending', :sale_kind, :now, :now);
