-- lead_attribution redoes the leads of the deliveries the hub copy changes (`hub_changed_ids`:
-- run before the old rows are deleted and after the new ones are inserted).
INSERT OR IGNORE INTO model_dirty_rows
SELECT DISTINCT 'lead_attribution', 'lead', lead_id
FROM deliveries
WHERE id IN (SELECT id FROM hub_changed_ids) AND lead_id IS NOT NULL
