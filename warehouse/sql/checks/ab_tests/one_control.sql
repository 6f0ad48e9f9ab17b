-- check: Every test has exactly one control arm and one row per arm.
SELECT count(*) FROM (
    SELECT test_id FROM ab_tests GROUP BY test_id
    HAVING count(*) FILTER (WHERE is_control) <> 1 OR count(DISTINCT arm) <> count(*)
)
