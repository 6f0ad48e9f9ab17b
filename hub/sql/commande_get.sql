-- One commande as stored (every column).
SELECT * FROM commandes WHERE id = :commande_id;
