-- Lake files conformed by pyarrow (arrow table `lake_slow_files`) for one partition.
INSERT INTO lake_partition_raw BY NAME
SELECT *, CAST($lake_date AS DATE) AS lake_date FROM lake_slow_files
