-- Per loaded partition: rows read and rows with every key column (by the files read now), and
-- the rows now in events.
WITH raw AS (
    SELECT lake_date, sum(rows_read) AS rows_read, sum(valid) AS valid
    FROM lake_raw_counts
    GROUP BY lake_date
),
loaded AS (
    SELECT lake_date, count(*) AS n
    FROM events
    WHERE lake_date IN (SELECT lake_date FROM loading_days)
    GROUP BY lake_date
)
SELECT
    CAST(d.lake_date AS VARCHAR) AS lake_date,
    coalesce(raw.rows_read, 0) AS rows_read,
    coalesce(raw.valid, 0) AS valid,
    coalesce(loaded.n, 0) AS loaded
FROM loading_days AS d
LEFT JOIN raw USING (lake_date)
LEFT JOIN loaded USING (lake_date)
ORDER BY d.lake_date
