-- Whether the hub logs its row changes (row_changes, hub migration 0032).
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'row_changes'
