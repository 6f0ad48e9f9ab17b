-- Installation check: accepted events since $since from the page $url (or below it) or carrying
-- one of $keys, grouped by key and by whether they came from that page; scoped to $accounts
-- unless $all_accounts.
SELECT
    key,
    $url IS NOT NULL AND coalesce(under_url(url, $url), false) AS from_url,
    count(*) AS events,
    max(received_at) AS last_at,
    arg_max(type, received_at) AS last_type,
    arg_max(url, received_at) AS last_url,
    bool_or(coalesce(is_test, false)) AS any_test
FROM raw_events
WHERE received_at > $since
  AND (list_contains(CAST($keys AS VARCHAR[]), key)
       OR ($url IS NOT NULL AND coalesce(under_url(url, $url), false)))
  AND ($all_accounts OR list_contains(CAST($accounts AS VARCHAR[]), account_id))
GROUP BY ALL
ORDER BY last_at DESC;
