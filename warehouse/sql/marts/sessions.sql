-- depends: sessions_core, lead_attribution, leads
-- sessions: sessions_core (one row per visit, cut on the events' own times) with the leads it
-- brought (their last-touch session) and how many sold; lead_id is the first of them, and
-- departement that lead's (the visitor's département, known once a lead gives a postal code).
-- A view: copying millions of visits into a table each minute cost more than the join costs
-- its readers (the outcomes are one row per session with leads; decision 0055).
CREATE OR REPLACE VIEW sessions AS
WITH outcome AS (
    SELECT
        session_id,
        first(lead_id ORDER BY created_at, lead_id) AS lead_id,
        count(*) AS leads,
        count(*) FILTER (WHERE sold) AS sold_leads
    FROM lead_attribution
    WHERE session_id IS NOT NULL AND status NOT IN ('duplicate', 'invalid', 'spam')
    GROUP BY session_id
),
-- the first lead's département joined to the outcomes (one row per session with leads), not
-- to every visit
placed AS (
    SELECT o.*, l.departement
    FROM outcome AS o
    LEFT JOIN leads AS l ON l.id = o.lead_id
)
SELECT
    s.*,
    o.lead_id,
    o.departement,
    coalesce(o.leads, 0) AS leads,
    coalesce(o.sold_leads, 0) AS sold_leads
FROM sessions_core AS s
LEFT JOIN placed AS o USING (session_id)
ORDER BY s.started_at, s.session_id;
