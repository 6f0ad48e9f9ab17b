-- The staged rows of the partitions being loaded (warehouse/lake_scan.py): EVENT_SCHEMA's
-- columns, the file and row each came from, and the partition.
CREATE OR REPLACE TEMP TABLE lake_partition_raw AS
SELECT *, CAST(NULL AS DATE) AS lake_date FROM lake_empty LIMIT 0
