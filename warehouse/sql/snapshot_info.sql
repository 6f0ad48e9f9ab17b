-- Stamp the snapshot about to be published with the Dagster run that publishes it.
CREATE OR REPLACE TABLE snapshot_info AS
SELECT now() AS published_at, CAST(? AS VARCHAR) AS run_id
