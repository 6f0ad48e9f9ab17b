-- A page of the lead search, newest first: leads of some accounts (NULL :account_ids: every
-- account); each filter NULL is not applied (hub/services/lead_filters.py builds them).
-- Phones match any LIKE pattern of :phone over E.164; a name matches when every word of :name
-- is in the folded "first last" (lh_fold: no case, no accents, registered by the service);
-- an e-mail contains :email; :q matches by phone, e-mail or name. Always one row at least: the
-- total of the matching leads, with the page's leads (NULL id when the page is empty).
WITH matching AS (
    SELECT leads.*, forms.key AS form_key, landing_pages.key AS lp_key
    FROM leads
    JOIN forms ON forms.id = leads.form_id
    LEFT JOIN landing_pages ON landing_pages.id = coalesce(leads.lp_id, forms.lp_id)
    WHERE (:account_ids IS NULL OR leads.account_id IN (SELECT value FROM json_each(:account_ids)))
      AND (:status IS NULL OR leads.status = :status)
      AND (:source IS NULL OR lower(leads.source) = :source)
      AND (:campaign IS NULL OR lower(leads.utm_campaign) = :campaign)
      AND (:lp IS NULL OR landing_pages.id = :lp OR landing_pages.key = :lp)
      AND (:form IS NULL OR forms.id = :form OR forms.key = :form)
      AND (:buyer IS NULL OR EXISTS (
            SELECT 1 FROM deliveries WHERE deliveries.lead_id = leads.id
                                       AND deliveries.buyer_id = :buyer))
      AND (:departement IS NULL OR leads.departement = :departement)
      AND (:since IS NULL OR leads.created_at >= :since)
      AND (:until IS NULL OR leads.created_at < :until)
      AND (:is_test IS NULL OR leads.is_test = :is_test)
      AND (:phone IS NULL OR EXISTS (
            SELECT 1 FROM json_each(:phone) AS p WHERE leads.phone_e164 LIKE p.value))
      AND (:email IS NULL OR instr(lower(leads.email), :email) > 0)
      AND (:name IS NULL OR NOT EXISTS (
            SELECT 1 FROM json_each(:name) AS w
            WHERE instr(lh_fold(coalesce(leads.first_name, '') || ' ' || coalesce(leads.last_name, '')),
                        w.value) = 0))
      AND (:q IS NULL
           OR (:q_phone IS NOT NULL AND EXISTS (
                 SELECT 1 FROM json_each(:q_phone) AS p WHERE leads.phone_e164 LIKE p.value))
           OR instr(lower(coalesce(leads.email, '')), :q_email) > 0
           OR (:q_name IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM json_each(:q_name) AS w
                 WHERE instr(lh_fold(coalesce(leads.first_name, '') || ' '
                                     || coalesce(leads.last_name, '')), w.value) = 0)))
)
SELECT counted.total, page.*
FROM (SELECT count(*) AS total FROM matching) AS counted
LEFT JOIN (
    SELECT * FROM matching ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset
) AS page ON true
ORDER BY page.created_at DESC, page.id DESC;
