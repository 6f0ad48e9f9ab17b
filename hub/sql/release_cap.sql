-- Give back the units reserved for a delivery the buyer rejected: :period is the day bucket
-- of the reservation ("day:YYYY-MM-DD", Paris); the week (from Monday) and month buckets of
-- that day were reserved in the same transaction and are given back with it.
UPDATE cap_usage SET used = used - 1
WHERE commande_id = :commande_id
  AND used > 0
  AND period IN (
      :period,
      'week:' || date(substr(:period, 5), '-6 days', 'weekday 1'),
      'month:' || substr(:period, 5, 7)
  );
