-- After a whole or by-date build: lead_attribution is rebuilt whole.
INSERT OR IGNORE INTO model_dirty_rows VALUES ('lead_attribution', 'all', '')
