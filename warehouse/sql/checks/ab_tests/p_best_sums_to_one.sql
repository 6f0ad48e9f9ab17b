-- check: Every test's P(best) is filled and sums to 1 over its arms (leads and sold leads).
SELECT count(*) FROM (
    SELECT test_id
    FROM ab_tests
    GROUP BY test_id
    HAVING count(p_best) < count(*) OR abs(sum(p_best) - 1) > 1e-6
        OR abs(sum(p_best_sold) - 1) > 1e-6 OR count(verdict) < count(*)
)
