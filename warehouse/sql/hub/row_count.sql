-- How many rows leads and deliveries hold: a copy of changed rows must end with as many.
SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM deliveries)
