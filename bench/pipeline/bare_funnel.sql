-- The bare baseline: the funnel (visits -> CTA clicks -> form starts -> form submits) per Paris
-- day x LP x source, in one query straight from the lake's Parquet files ($files). A session's
-- source is its first utm_source, else its external referrer's host, else 'direct'; visits and
-- form starts count sessions, CTA clicks and submits count events (as funnel_daily does).
WITH ev AS (
    SELECT
        coalesce(session_id, 'event:' || event_id) AS skey, event_id, type, lp_id,
        received_at, utm_source, referrer, url,
        CAST(timezone('Europe/Paris', received_at) AS DATE) AS date
    FROM read_parquet($files)
),
sess AS (
    SELECT
        skey,
        coalesce(
            first(nullif(utm_source, '') ORDER BY received_at, event_id)
                FILTER (WHERE nullif(utm_source, '') IS NOT NULL),
            CASE
                WHEN first(regexp_extract(coalesce(referrer, ''), '^[a-z]+://([^/:?#@]+)', 1)
                        ORDER BY received_at, event_id)
                     IS DISTINCT FROM
                     first(regexp_extract(coalesce(url, ''), '^[a-z]+://([^/:?#@]+)', 1)
                        ORDER BY received_at, event_id)
                THEN nullif(first(regexp_extract(coalesce(referrer, ''),
                        '^[a-z]+://([^/:?#@]+)', 1) ORDER BY received_at, event_id), '')
            END,
            'direct'
        ) AS source
    FROM ev
    GROUP BY skey
)
SELECT
    ev.date, ev.lp_id, s.source,
    count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'page_view') AS visits,
    count(*) FILTER (WHERE ev.type = 'cta_click') AS cta_clicks,
    count(DISTINCT ev.skey) FILTER (WHERE ev.type = 'form_start') AS form_starts,
    count(*) FILTER (WHERE ev.type = 'form_submit') AS form_submits
FROM ev
JOIN sess AS s USING (skey)
WHERE ev.lp_id IS NOT NULL
GROUP BY ALL
ORDER BY ALL
