-- One erasure request to a buyer that received (or may have received) an erased lead.
INSERT INTO erasure_notices (id, erasure_id, delivery_id, lead_id, buyer_id, status,
                             created_at, updated_at)
VALUES (:id, :erasure_id, :delivery_id, :lead_id, :buyer_id, 'pending', :now, :now);
