-- The staged rows of the partitions being loaded (warehouse/lake_scan.py): the lake's columns
-- (events has them all, with the dates the staging derives), the file and row each came from,
-- and the partition.
CREATE OR REPLACE TEMP TABLE lake_partition_raw AS
SELECT * EXCLUDE (date, event_day), CAST(NULL AS BIGINT) AS file_row FROM events LIMIT 0
