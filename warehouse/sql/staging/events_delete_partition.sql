DELETE FROM events WHERE lake_date = CAST($lake_date AS DATE)
