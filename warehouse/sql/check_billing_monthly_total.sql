-- Billing adds up to the delivered deliveries, to the cent.
SELECT CAST(abs(
    (SELECT coalesce(sum(amount_eur), 0) FROM billing_monthly)
  - (SELECT coalesce(sum(price_eur), 0) FROM deliveries WHERE status = 'delivered')
) * 100 AS BIGINT)
