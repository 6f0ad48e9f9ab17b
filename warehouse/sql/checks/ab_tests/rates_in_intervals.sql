-- check: Conversions never exceed exposures and each rate lies within its Wilson interval.
SELECT count(*) FROM ab_tests
WHERE conversions > exposures OR sold_conversions > conversions OR sold_leads > leads
   OR (exposures > 0 AND NOT (rate BETWEEN rate_low AND rate_high
                              AND sold_rate BETWEEN sold_rate_low AND sold_rate_high))
   OR (exposures = 0 AND rate IS NOT NULL)
