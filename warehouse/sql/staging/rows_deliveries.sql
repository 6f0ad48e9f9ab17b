-- The warehouse's deliveries rows from `hub_deliveries` (whole, or the rows changed since the
-- last copy: warehouse/hub_copy.py), typed; `hub_buyers` gives each its buyer's account.
SELECT CAST(d.id AS VARCHAR) AS id, CAST(d.lead_id AS VARCHAR) AS lead_id,
       CAST(d.buyer_id AS VARCHAR) AS buyer_id, CAST(d.commande_id AS VARCHAR) AS commande_id,
       CAST(b.account_id AS VARCHAR) AS account_id,
       CAST(CAST(d.price_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS price_eur,
       CAST(d.status AS VARCHAR) AS status, CAST(d.attempts AS INTEGER) AS attempts,
       CAST(CAST(d.transfer_cents AS BIGINT) * 0.01 AS DECIMAL(12, 2)) AS transfer_eur,
       coalesce(CAST(d.possible_duplicate AS BIGINT), 0) <> 0 AS possible_duplicate,
       CAST(d.created_at AS TIMESTAMPTZ) AS created_at,
       CAST(d.delivered_at AS TIMESTAMPTZ) AS delivered_at,
       CAST(d.updated_at AS TIMESTAMPTZ) AS updated_at,
       paris_date(CAST(d.created_at AS TIMESTAMPTZ)) AS date
FROM hub_deliveries AS d
LEFT JOIN hub_buyers AS b ON b.id = d.buyer_id
