-- The integration version the kept P(best) values were computed by.
SELECT version FROM model_versions WHERE model = ?
