-- A row when a commande with this id exists.
SELECT 1 FROM commandes WHERE id = :commande_id;
