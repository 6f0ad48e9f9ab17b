-- check: Transfers sum to the frozen transfer prices.
-- The monthly intercompany statement adds up to every frozen transfer minus reversed ones.
SELECT CAST(abs(
    (SELECT coalesce(sum(net_eur), 0) FROM intercompany_monthly)
  - (SELECT coalesce(sum(transfer_eur), 0) FROM deliveries WHERE status = 'delivered')
  + (SELECT coalesce(sum(transfer_eur), 0) FROM credits WHERE kind = 'return')
) * 100 AS BIGINT)
