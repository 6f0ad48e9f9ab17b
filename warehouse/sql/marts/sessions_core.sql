-- depends: events
-- incremental: date
-- sessions_core: one row per visit, cut on the events' own times. An event's time is the client's
-- clock corrected for its skew (received_at - (sent_at - ts), as Snowplow derives it), else
-- received_at. A visitor's session ends after 30 minutes without an event, at Paris midnight,
-- and when the campaign (source / medium / campaign) changes. Cookieless visitors have the
-- collector's daily ids: they get sessions too. `sessions` adds each session's leads and sales.
-- Incremental by Paris date (warehouse/incremental.py): a day's sessions are computed from that
-- day's events only (`model_scope` holds the days to build), so a visitor's history is cut into
-- Paris days first, then into sessions within each day. Keyed too (decision 0063): a load also
-- marks the visitors it touched per day (`incremental/sessions_core_keys`), and only their
-- sessions of those days are cut again (`$keyed`, `model_keys`).
-- Cost (bench/RESULTS.md): the windows sort only narrow rows (row id, visitor, day, time, id,
-- campaign); the wide columns join back by row id for the aggregate, which orders by the row's
-- number within its visitor's day (arg_min: the first non-null value; arg_min_null: the first).
WITH ev AS (
    SELECT
        e.rowid AS rid,
        e.event_id,
        event_time(e.ts, e.sent_at, e.received_at) AS event_at,
        -- paris_date(event_at): stored at load (a row inserted otherwise has none)
        coalesce(e.event_day, paris_date(event_time(e.ts, e.sent_at, e.received_at)))
            AS event_day,
        coalesce(e.visitor_id, e.session_id, 'event:' || e.event_id) AS vkey,
        CASE WHEN coalesce(nullif(e.utm_source, ''), nullif(e.utm_medium, ''),
                           nullif(e.utm_campaign, '')) IS NOT NULL
            THEN concat_ws('|', coalesce(e.utm_source, ''), coalesce(e.utm_medium, ''),
                           coalesce(e.utm_campaign, ''))
        END AS campaign_sig
    FROM events AS e
    -- Received at most 8 days from its own time (event_time trusts a client delay under 7
    -- days): a cheap bound on the stored `date` first, so a day's build reads days, not years;
    -- then the stored `event_day`, so DuckDB skips the row groups of the other days (a new
    -- minute's sessions read one day, not nine: 1 s → 0.05 s at 10 M events, decision 0063).
    WHERE e.date BETWEEN CAST($scope_from AS DATE) - 8 AND CAST($scope_to AS DATE) + 8
      AND (e.event_day BETWEEN CAST($scope_from AS DATE) AND CAST($scope_to AS DATE)
           OR e.event_day IS NULL)
      AND coalesce(e.event_day, paris_date(event_time(e.ts, e.sent_at, e.received_at)))
        IN (SELECT date FROM model_scope)
      -- keyed (a new minute): only the visitors touched (`model_keys`) are cut again
      AND (NOT $keyed
           OR coalesce(e.visitor_id, e.session_id, 'event:' || e.event_id)
              IN (SELECT key FROM model_keys))
),
ordered AS (
    SELECT
        rid, vkey, event_day, event_at, campaign_sig,
        row_number() OVER w AS rn,
        lag(event_at) OVER w AS prev_at,
        last_value(campaign_sig IGNORE NULLS) OVER (
            PARTITION BY vkey, event_day ORDER BY event_at, event_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS prev_sig
    FROM ev
    WINDOW w AS (PARTITION BY vkey, event_day ORDER BY event_at, event_id)
),
cut AS (
    SELECT
        rid, vkey, event_day, event_at, rn,
        sum(CASE
            WHEN prev_at IS NULL  -- the day's first event (sessions end at Paris midnight)
              OR event_at - prev_at > INTERVAL 30 MINUTE
              OR (campaign_sig IS NOT NULL AND campaign_sig IS DISTINCT FROM prev_sig)
            THEN 1 ELSE 0
        END) OVER (PARTITION BY vkey, event_day ORDER BY rn) AS session_no
    FROM ordered
),
joined AS (
    SELECT c.vkey, c.event_day, c.session_no, c.event_at, c.rn, e.*
    FROM cut AS c
    JOIN events AS e ON e.rowid = c.rid
),
grouped AS (
    SELECT
        vkey,
        session_no,
        arg_min_null(event_id, rn) AS first_event_id,
        arg_min(visitor_id, rn) AS visitor_id,
        arg_min(session_id, rn) AS tracker_session_id,
        arg_min(account_id, rn) AS account_id,
        arg_min(lp_id, rn) AS lp_id,
        arg_min(form_id, rn) AS form_id,
        arg_min_null(url, rn) FILTER (WHERE type = 'page_view') AS entry_url,
        arg_min_null(referrer, rn) AS referrer,
        arg_min_null(url, rn) AS first_url,
        arg_min(nullif(utm_source, ''), rn) AS utm_source,
        arg_min(nullif(utm_medium, ''), rn) AS medium,
        arg_min(nullif(utm_campaign, ''), rn) AS campaign,
        arg_min(gclid, rn) AS gclid,
        arg_min(fbclid, rn) AS fbclid,
        arg_min(nullif(variant, ''), rn) AS variant,
        coalesce(
            arg_min(device, rn),
            device_of(arg_min_null(user_agent, rn)
                FILTER (WHERE nullif(user_agent, '') IS NOT NULL))
        ) AS device,
        min(event_at) AS started_at,
        max(event_at) AS ended_at,
        count(*) AS events,
        count(*) FILTER (WHERE type = 'page_view') AS pages,
        bool_or(type = 'cta_click') AS reached_cta,
        bool_or(type = 'form_start') AS reached_form_start,
        bool_or(type = 'form_submit') AS reached_submit,
        bool_or(coalesce(is_test, false)) AS is_test
    FROM joined
    GROUP BY vkey, event_day, session_no
),
sessions AS (
    SELECT
        'ses_' || substr(md5(vkey || '|' || first_event_id), 1, 20) AS session_id,
        visitor_id,
        tracker_session_id,
        account_id, lp_id, form_id,
        paris_date(started_at) AS date,
        started_at, ended_at,
        CAST(epoch(ended_at) - epoch(started_at) AS INTEGER) AS duration_s,
        entry_url,
        coalesce(
            utm_source,
            CASE WHEN url_host(referrer) IS DISTINCT FROM url_host(first_url)
                THEN url_host(referrer) END,
            'direct'
        ) AS source,
        medium, campaign, gclid, fbclid, variant, device,
        events, pages, reached_cta, reached_form_start, reached_submit, is_test
    FROM grouped
)
SELECT * FROM sessions ORDER BY started_at, session_id
