-- The leads lead_attribution redoes (`model_dirty_rows`): the leads named, and the leads whose
-- visitor id or tracker session id is among the ids whose sessions changed.
CREATE OR REPLACE TEMP TABLE lead_scope AS
SELECT key AS lead_id FROM model_dirty_rows WHERE model = 'lead_attribution' AND kind = 'lead'
UNION
SELECT l.id FROM leads AS l
WHERE l.visitor_id IN (
        SELECT key FROM model_dirty_rows WHERE model = 'lead_attribution' AND kind = 'id')
   OR l.session_id IN (
        SELECT key FROM model_dirty_rows WHERE model = 'lead_attribution' AND kind = 'id')
