-- Installation check: quarantined events since $since from the page $url (or below it) or
-- carrying one of $keys, grouped by reason and key. Events of an unknown key have no account:
-- they are shown for the page URL asked about (a URL of the caller's own LP or form).
SELECT
    reason,
    key,
    $url IS NOT NULL AND coalesce(under_url(url, $url), false) AS from_url,
    count(*) AS events,
    max(received_at) AS last_at,
    arg_max(url, received_at) AS last_url,
    arg_max(origin, received_at) AS last_origin
FROM quarantined_events
WHERE received_at > $since
  AND (list_contains(CAST($keys AS VARCHAR[]), key)
       OR ($url IS NOT NULL AND coalesce(under_url(url, $url), false)))
  AND ($all_accounts OR account_id IS NULL
       OR list_contains(CAST($accounts AS VARCHAR[]), account_id))
GROUP BY ALL
ORDER BY last_at DESC;
