-- Reserve one unit of a commande's cap for a Paris period; changes() = 0 means the cap is full.
-- (INSERT ... SELECT needs a WHERE before ON CONFLICT; it also refuses a cap of 0.)
INSERT INTO cap_usage (commande_id, period, used)
SELECT :commande_id, :period, 1
WHERE :cap IS NULL OR :cap > 0
ON CONFLICT (commande_id, period)
DO UPDATE SET used = cap_usage.used + 1
WHERE :cap IS NULL OR cap_usage.used < :cap;
