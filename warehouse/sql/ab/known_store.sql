-- This build's P(best) values (registered as ab_known_new), kept for the next build.
INSERT INTO ab_known BY NAME
SELECT test_id, signature, arm, arm_no, p_best, p_best_sold FROM ab_known_new
