-- API v1: the routing decisions of one lead, oldest first.
SELECT commande_id, outcome, reason, created_at FROM routing_decisions
WHERE lead_id = ? ORDER BY id
