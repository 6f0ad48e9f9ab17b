-- Give back a unit reserved for a delivery the buyer rejected.
UPDATE cap_usage SET used = used - 1
WHERE commande_id = :commande_id AND period = :period AND used > 0;
