-- The token of the commande set as routing compiles it (migration 0030, decision 0058): read
-- inside the routing transaction; a different token means compile the commandes again.
SELECT token FROM routing_version WHERE id = 1;
