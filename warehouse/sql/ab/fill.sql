-- P(best) and the verdicts computed by warehouse/ab.py (registered as ab_results).
UPDATE ab_tests AS t
SET p_best = r.p_best,
    p_best_sold = r.p_best_sold,
    verdict_code = r.code,
    winner = r.winner,
    sessions_needed = r.needed,
    verdict = r.text
FROM ab_results AS r
WHERE t.test_id = r.test_id AND t.arm = r.arm;
