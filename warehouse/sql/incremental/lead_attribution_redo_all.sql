-- lead_attribution must be rebuilt whole (its leads or the sessions were rebuilt whole).
INSERT OR IGNORE INTO model_dirty_rows VALUES ('lead_attribution', 'all', '')
