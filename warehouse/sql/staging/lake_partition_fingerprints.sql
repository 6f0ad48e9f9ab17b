-- Each loaded lake partition (YYYY-MM-DD) and the fingerprint of the files it was loaded from.
SELECT strftime(lake_date, '%Y-%m-%d') AS day, fingerprint FROM lake_partitions
