DELETE FROM events WHERE lake_date IN (SELECT lake_date FROM loading_days WHERE replace)
