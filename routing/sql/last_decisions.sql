-- The latest batch of routing decisions of one lead (to avoid re-logging identical batches).
SELECT commande_id, outcome, reason FROM routing_decisions
WHERE lead_id = :lead_id
  AND created_at = (SELECT max(created_at) FROM routing_decisions WHERE lead_id = :lead_id);
