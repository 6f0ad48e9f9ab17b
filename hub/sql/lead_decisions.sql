-- The routing decisions of one lead, oldest first, with each commande's name.
SELECT routing_decisions.commande_id, commandes.name AS commande_name, routing_decisions.outcome,
       routing_decisions.reason, routing_decisions.created_at
FROM routing_decisions
LEFT JOIN commandes ON commandes.id = routing_decisions.commande_id
WHERE routing_decisions.lead_id = :lead_id
ORDER BY routing_decisions.id;
