DELETE FROM lake_files WHERE lake_date = CAST($lake_date AS DATE)
