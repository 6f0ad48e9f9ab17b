-- The arms of every A/B test, by test then arm (control first): what warehouse/ab.py reads.
SELECT test_id, arm, exposures, conversions, sold_conversions FROM ab_tests ORDER BY test_id, arm_order;
