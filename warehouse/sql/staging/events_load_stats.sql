-- Per loaded partition: rows read, rows with every key column, rows staged (first copy within
-- the load), rows now in events.
WITH raw AS (
    SELECT
        lake_date,
        count(*) AS rows_read,
        count(*) FILTER (
            WHERE event_id IS NOT NULL AND event_id <> '' AND type IS NOT NULL AND type <> ''
              AND received_at IS NOT NULL
        ) AS valid
    FROM lake_partition_raw
    GROUP BY lake_date
),
staged AS (SELECT lake_date, count(*) AS n FROM events_staged GROUP BY lake_date),
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
    coalesce(staged.n, 0) AS staged,
    coalesce(loaded.n, 0) AS loaded
FROM loading_days AS d
LEFT JOIN raw USING (lake_date)
LEFT JOIN staged USING (lake_date)
LEFT JOIN loaded USING (lake_date)
ORDER BY d.lake_date
