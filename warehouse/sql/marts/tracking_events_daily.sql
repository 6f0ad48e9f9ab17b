-- depends: events
-- incremental: date
-- tracking_events_daily: accepted events by Paris date received × account × LP × form (''
-- when none): how many, the first and last, the hours with events and the busiest hour's count.
-- Incremental by date (warehouse/incremental.py): `model_scope` holds the days to build;
-- `tracking_health` adds the collector's quarantine to it.
WITH acc AS (
    SELECT
        date,
        coalesce(account_id, '') AS account_id,
        coalesce(lp_id, '') AS lp_id,
        coalesce(form_id, '') AS form_id,
        received_at,
        date_trunc('hour', received_at) AS hour
    FROM events
    WHERE coalesce(form_id, lp_id) IS NOT NULL
      AND date BETWEEN CAST($scope_from AS DATE) AND CAST($scope_to AS DATE)
      AND date IN (SELECT date FROM model_scope)
),
hourly AS (
    SELECT date, account_id, lp_id, form_id, hour, count(*) AS n,
           min(received_at) AS first_at, max(received_at) AS last_at
    FROM acc
    GROUP BY ALL
)
SELECT
    date, account_id, lp_id, form_id,
    CAST(sum(n) AS BIGINT) AS events,
    min(first_at) AS first_event_at,
    max(last_at) AS last_event_at,
    count(*) AS active_hours,
    max(n) AS peak_hour_events
FROM hourly
GROUP BY ALL
ORDER BY ALL
