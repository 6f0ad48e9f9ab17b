-- One lead with its form and landing page keys (the service checks the account scope).
SELECT leads.*, forms.key AS form_key, forms.name AS form_name, landing_pages.key AS lp_key,
       landing_pages.name AS lp_name
FROM leads
JOIN forms ON forms.id = leads.form_id
LEFT JOIN landing_pages ON landing_pages.id = coalesce(leads.lp_id, forms.lp_id)
WHERE leads.id = :lead_id;
