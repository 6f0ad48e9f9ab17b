-- Rows of the lake partition (arrow table `lake_partition_raw`) that have every key column.
SELECT count(*) FROM lake_partition_raw
WHERE event_id IS NOT NULL AND event_id <> '' AND type IS NOT NULL AND type <> ''
  AND received_at IS NOT NULL
