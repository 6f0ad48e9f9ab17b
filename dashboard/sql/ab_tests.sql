-- The A/B test arms of the given accounts ($account_ids, a list), by test then arm.
SELECT
    test_id, scope, lp_id, lp_name, coalesce(form_id, '') AS form_id, arm, arm_order,
    is_control, exposures, conversions, sold_conversions, leads, sold_leads,
    rate, rate_low, rate_high, lift, sold_rate, sold_rate_low, sold_rate_high, sold_lift,
    p_best, p_best_sold, verdict_code, winner, sessions_needed, first_date, last_date
FROM ab_tests
WHERE list_contains($account_ids, account_id)
ORDER BY lp_name, lp_id, scope, form_id, arm_order;
