-- lead_attribution redoes the leads the hub copy changed (`hub_changed_ids`).
INSERT OR IGNORE INTO model_dirty_rows
SELECT DISTINCT 'lead_attribution', 'lead', id FROM hub_changed_ids
