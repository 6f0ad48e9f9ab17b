-- Lake files the pipeline could not read, rebuilt from their reason notes (arrow table
-- `quarantine_notes`), so the record survives a crash between the move and the load.
CREATE OR REPLACE TABLE quarantined_files AS
SELECT
    CAST(lake_date AS DATE) AS lake_date,
    file,
    moved_to,
    CAST(bytes AS BIGINT) AS bytes,
    reason,
    CAST(nullif(quarantined_at, '') AS TIMESTAMPTZ) AS quarantined_at
FROM quarantine_notes
ORDER BY quarantined_at, file
