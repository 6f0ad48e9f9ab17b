-- Lake files that already have EVENT_SCHEMA's columns and types, every partition in one scan;
-- a column no file has stays null (BY NAME).
INSERT INTO lake_partition_raw BY NAME
SELECT
    * EXCLUDE (filename, file_row_number),
    parse_filename(filename) AS source_file,
    file_row_number AS file_row,
    CAST(regexp_extract(filename, 'date=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) AS DATE) AS lake_date
FROM read_parquet(
    $files, union_by_name = true, filename = true, file_row_number = true, hive_partitioning = false
)
