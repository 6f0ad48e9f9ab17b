-- One routing decision about a lead: a commande (or none) with its outcome and why.
INSERT INTO routing_decisions (lead_id, commande_id, outcome, reason, created_at)
VALUES (:lead_id, :commande_id, :outcome, :reason, :created_at);
