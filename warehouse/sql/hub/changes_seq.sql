-- The hub's last row change (row_changes, hub migration 0032); 0 before any.
SELECT coalesce(max(seq), 0) FROM row_changes
