-- The lake files this load reads, per partition: the rows they hold in `events` (lake_date,
-- source_file) are the load's rows (warehouse/events.py).
CREATE OR REPLACE TEMP TABLE loading_files AS
SELECT CAST(unnest(CAST($days AS VARCHAR[])) AS DATE) AS lake_date,
       unnest(CAST($files AS VARCHAR[])) AS source_file
