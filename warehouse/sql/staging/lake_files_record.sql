-- The files a partition is now loaded from (lake_files_forget.sql cleared the old list).
INSERT INTO lake_files
SELECT
    CAST($lake_date AS DATE),
    unnest(CAST($names AS VARCHAR[])),
    unnest(CAST($sizes AS BIGINT[])),
    unnest(CAST($mtimes AS BIGINT[]))
