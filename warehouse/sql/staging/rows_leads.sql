-- The warehouse's leads rows from `hub_leads` (whole, or the rows changed since the last copy:
-- warehouse/hub_copy.py), typed; `hub_forms` gives a lead without lp_id its form's LP.
SELECT CAST(l.id AS VARCHAR) AS id, CAST(l.account_id AS VARCHAR) AS account_id,
       CAST(l.form_id AS VARCHAR) AS form_id,
       -- a lead without lp_id is attributed to its form's landing page
       coalesce(CAST(l.lp_id AS VARCHAR), CAST(f.lp_id AS VARCHAR)) AS lp_id,
       CAST(l.product_code AS VARCHAR) AS product_code, CAST(l.status AS VARCHAR) AS status,
       coalesce(nullif(CAST(l.source AS VARCHAR), ''), 'direct') AS source,
       nullif(CAST(l.utm_medium AS VARCHAR), '') AS utm_medium,
       nullif(CAST(l.utm_campaign AS VARCHAR), '') AS utm_campaign,
       nullif(CAST(l.variant AS VARCHAR), '') AS variant,
       CAST(l.departement AS VARCHAR) AS departement,
       CAST(l.phone_class AS VARCHAR) AS phone_class,
       CAST(l.visitor_id AS VARCHAR) AS visitor_id, CAST(l.session_id AS VARCHAR) AS session_id,
       coalesce(CAST(l.is_test AS BIGINT), 0) <> 0 AS is_test,
       device_of(CAST(l.user_agent AS VARCHAR)) AS device,
       CAST(l.created_at AS TIMESTAMPTZ) AS created_at,
       CAST(l.updated_at AS TIMESTAMPTZ) AS updated_at,
       paris_date(CAST(l.created_at AS TIMESTAMPTZ)) AS date
FROM hub_leads AS l
LEFT JOIN hub_forms AS f ON f.id = l.form_id
