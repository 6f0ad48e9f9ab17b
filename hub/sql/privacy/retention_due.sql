-- Leads not yet anonymised whose last contact is before :cutoff. The last contact is the latest
-- of the lead's creation, its last change (status, test flag, return: updated_at) and its
-- deliveries' last change (sale, attempt, return).
SELECT leads.id, leads.account_id, leads.page_url, leads.referrer
FROM leads
WHERE leads.anonymised_at IS NULL
  AND max(leads.created_at, leads.updated_at,
          coalesce((SELECT max(deliveries.updated_at) FROM deliveries
                    WHERE deliveries.lead_id = leads.id), '')) < :cutoff
ORDER BY leads.created_at, leads.id;
