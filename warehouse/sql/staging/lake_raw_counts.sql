-- Rows read and rows with every key column, per partition, of the files this load reads.
CREATE OR REPLACE TEMP TABLE lake_raw_counts (lake_date DATE, rows_read BIGINT, valid BIGINT)
