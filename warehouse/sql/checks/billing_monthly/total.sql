-- check: Billing sums to the delivered prices and the credits.
-- Billing adds up to the delivered deliveries' prices and to the credits, to the cent.
SELECT CAST((abs(
    (SELECT coalesce(sum(amount_eur), 0) FROM billing_monthly)
  - (SELECT coalesce(sum(price_eur), 0) FROM deliveries WHERE status = 'delivered')
) + abs(
    (SELECT coalesce(sum(credit_eur), 0) FROM billing_monthly)
  - (SELECT coalesce(sum(amount_eur), 0) FROM credits)
)) * 100 AS BIGINT)
