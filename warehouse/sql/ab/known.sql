-- The P(best) values kept by the last build (warehouse/ab_known.py), by test then arm order.
SELECT test_id, signature, p_best, p_best_sold FROM ab_known ORDER BY test_id, arm_no
