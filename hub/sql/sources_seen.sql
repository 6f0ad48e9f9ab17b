-- The traffic sources of each account: the sources its leads came from (utm_source, referrer
-- host or provider:<name>), the sources it blocked and its providers, with lead counts.
WITH seen AS (
    SELECT account_id, source, COUNT(*) AS leads, MAX(created_at) AS last_lead_at
    FROM leads
    WHERE source IS NOT NULL AND account_id IS NOT NULL
    GROUP BY account_id, source
),
named AS (
    SELECT account_id, source FROM seen
    UNION
    SELECT account_id, source FROM source_blocks
    UNION
    SELECT account_id, 'provider:' || name FROM providers
)
SELECT n.account_id AS account_id, n.source AS source, COALESCE(s.leads, 0) AS leads,
       s.last_lead_at AS last_lead_at, p.id AS provider_id, p.blocked AS provider_blocked,
       p.blocked_reason AS provider_blocked_reason, p.archived_at AS provider_archived_at
FROM named AS n
LEFT JOIN seen AS s ON s.account_id = n.account_id AND s.source = n.source
LEFT JOIN providers AS p ON p.account_id = n.account_id AND 'provider:' || p.name = n.source
ORDER BY n.account_id, n.source;
