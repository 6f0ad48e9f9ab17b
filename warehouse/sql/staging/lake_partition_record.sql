INSERT OR REPLACE INTO lake_partitions BY NAME
SELECT
    CAST($lake_date AS DATE) AS lake_date,
    $fingerprint AS fingerprint,
    $files AS files,
    $rows_read AS rows_read,
    $rows_loaded AS rows_loaded,
    $duplicates AS duplicates,
    $rejected_rows AS rejected_rows,
    $quarantined_files AS quarantined_files,
    now() AS loaded_at
