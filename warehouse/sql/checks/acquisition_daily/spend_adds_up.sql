-- check: The spend split across LPs adds up, to the cent, to the ad costs imported (per account and day).
SELECT count(*) FROM (
    SELECT account_id, date, sum(cost_cents) AS cents FROM ad_costs GROUP BY ALL
    HAVING sum(cost_cents) > 0
) AS imported
FULL OUTER JOIN (
    SELECT account_id, date, CAST(round(sum(cost_eur) * 100) AS BIGINT) AS cents
    FROM acquisition_daily WHERE cost_eur > 0 GROUP BY ALL
) AS mart USING (account_id, date)
WHERE imported.cents IS DISTINCT FROM mart.cents
