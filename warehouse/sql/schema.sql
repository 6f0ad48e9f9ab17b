-- Tables the pipeline keeps across runs (everything else is rebuilt each run), and macros
-- shared by the models (also usable by analysts in the published snapshot).

CREATE TABLE IF NOT EXISTS events (
    event_id     VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    key          VARCHAR,
    account_id   VARCHAR,
    lp_id        VARCHAR,
    form_id      VARCHAR,
    visitor_id   VARCHAR,
    session_id   VARCHAR,
    ts           TIMESTAMPTZ,
    received_at  TIMESTAMPTZ NOT NULL,
    url          VARCHAR,
    referrer     VARCHAR,
    utm_source   VARCHAR,
    utm_medium   VARCHAR,
    utm_campaign VARCHAR,
    utm_term     VARCHAR,
    utm_content  VARCHAR,
    gclid        VARCHAR,
    fbclid       VARCHAR,
    variant      VARCHAR,
    props        VARCHAR,
    ip           VARCHAR,
    user_agent   VARCHAR,
    is_test      BOOLEAN,
    collector_id VARCHAR,
    date         DATE NOT NULL,      -- Europe/Paris date of received_at
    lake_date    DATE NOT NULL,      -- the lake partition the row was loaded from
    source_file  VARCHAR NOT NULL    -- lake file name (within lake_date)
);
-- Parsed by the collector (null in lake files written before it parsed user agents).
ALTER TABLE events ADD COLUMN IF NOT EXISTS device VARCHAR;   -- mobile, tablet, desktop
ALTER TABLE events ADD COLUMN IF NOT EXISTS browser VARCHAR;  -- browser family
ALTER TABLE events ADD COLUMN IF NOT EXISTS os VARCHAR;       -- OS family
-- The client's clock when it sent the event (null before the tracker sent it): with ts, the
-- event's time on the collector's clock is received_at - (sent_at - ts) (sessions).
ALTER TABLE events ADD COLUMN IF NOT EXISTS sent_at TIMESTAMPTZ;
-- The Paris date of the event's own time, paris_date(event_time(ts, sent_at, received_at)),
-- stored at load (decision 0063): sessions_core reads a day's events by it, so DuckDB skips the
-- other days' row groups instead of converting a week of times to Paris dates per build.
-- Filled below for the rows loaded before it existed.
ALTER TABLE events ADD COLUMN IF NOT EXISTS event_day DATE;

-- The row within its lake file (lake_date, source_file, file_row: where each row came from;
-- with received_at, what decides which copy of a re-sent event stays; decision 0069).
ALTER TABLE events ADD COLUMN IF NOT EXISTS file_row BIGINT;

-- The lake files of the last load (warehouse/events.py): the event_id_unique check probes the
-- history for their event_ids only (decisions 0066, 0069).
CREATE TABLE IF NOT EXISTS events_last_files (
    lake_date   DATE NOT NULL,
    source_file VARCHAR NOT NULL
);
DROP TABLE IF EXISTS events_last_load;  -- what held them before: the ids themselves

-- One row per loaded lake partition: what was read, what was kept, what was refused.
CREATE TABLE IF NOT EXISTS lake_partitions (
    lake_date         DATE PRIMARY KEY,
    fingerprint       VARCHAR NOT NULL,
    files             INTEGER NOT NULL,
    rows_read         BIGINT NOT NULL,
    rows_loaded       BIGINT NOT NULL,
    duplicates        BIGINT NOT NULL,
    rejected_rows     BIGINT NOT NULL,
    quarantined_files INTEGER NOT NULL,
    loaded_at         TIMESTAMPTZ NOT NULL
);

-- The files each lake partition is loaded from: a partition whose files are all still there,
-- unchanged, only has its new files appended at the next load (warehouse/lake_scan.py).
CREATE TABLE IF NOT EXISTS lake_files (
    lake_date DATE NOT NULL,
    file      VARCHAR NOT NULL,
    bytes     BIGINT NOT NULL,
    mtime_ns  BIGINT NOT NULL,
    PRIMARY KEY (lake_date, file)
);

-- Incremental models (warehouse/incremental.py): the Paris dates each must rebuild (marked when
-- a lake partition is loaded), and the version (its SQL, its inputs) each table was built with.
CREATE TABLE IF NOT EXISTS model_dirty_dates (
    model VARCHAR NOT NULL,
    date  DATE NOT NULL,
    PRIMARY KEY (model, date)
);
-- Keyed incremental models (sessions_core: the visitors touched, decision 0063): within their
-- dirty dates, only the rows of these keys are rebuilt.
CREATE TABLE IF NOT EXISTS model_dirty_keys (
    model VARCHAR NOT NULL,
    date  DATE NOT NULL,
    key   VARCHAR NOT NULL,
    PRIMARY KEY (model, date, key)
);
-- Lead-keyed models (lead_attribution, decision 0063): the leads to redo ('lead': its id), the
-- visitor / tracker session ids whose sessions changed ('id'), or everything ('all').
CREATE TABLE IF NOT EXISTS model_dirty_rows (
    model VARCHAR NOT NULL,
    kind  VARCHAR NOT NULL,
    key   VARCHAR NOT NULL,
    PRIMARY KEY (model, kind, key)
);
-- The hub copy of leads and deliveries by changed rows (warehouse/hub_copy.py): the hub's last
-- row change copied (row_changes.seq) and the digest of the lookup table the copy joins.
CREATE TABLE IF NOT EXISTS hub_copy_state (
    tbl    VARCHAR PRIMARY KEY,
    seq    BIGINT NOT NULL,
    lookup VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS model_versions (
    model   VARCHAR PRIMARY KEY,
    version VARCHAR NOT NULL
);
-- ab_tests' P(best) values of the last build, with each test's arms and counts (`signature`):
-- a test whose signature is unchanged keeps them instead of integrating again (decision 0066;
-- the integration's version is model_versions' `ab_tests:p_best`).
CREATE TABLE IF NOT EXISTS ab_known (
    test_id     VARCHAR NOT NULL,
    signature   VARCHAR NOT NULL,
    arm         VARCHAR NOT NULL,
    arm_no      INTEGER NOT NULL,
    p_best      DOUBLE NOT NULL,
    p_best_sold DOUBLE NOT NULL,
    PRIMARY KEY (test_id, arm)
);

CREATE OR REPLACE MACRO paris_date(t) AS CAST(timezone('Europe/Paris', t) AS DATE);

-- A lake row the warehouse can load: it has its key columns (the others are refused, counted).
CREATE OR REPLACE MACRO lake_row_valid(event_id, type, received_at) AS
    event_id IS NOT NULL AND event_id <> '' AND type IS NOT NULL AND type <> ''
    AND received_at IS NOT NULL;

-- An event's time on the collector's clock: the client's time corrected for its clock skew
-- (received_at - (sent_at - ts), as Snowplow derives it), else received_at.
CREATE OR REPLACE MACRO event_time(ts, sent_at, received_at) AS CASE
    WHEN ts IS NOT NULL AND sent_at IS NOT NULL AND abs(epoch(sent_at) - epoch(ts)) < 7 * 86400
        THEN received_at - (sent_at - ts)
    ELSE received_at
END;

CREATE OR REPLACE MACRO url_host(u) AS
    nullif(lower(regexp_extract(coalesce(u, ''), '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@]+)', 1)), '');

CREATE OR REPLACE MACRO device_of(ua) AS CASE
    WHEN ua IS NULL OR ua = '' THEN 'unknown'
    WHEN regexp_matches(ua, '(?i)ipad|tablet|kindle|silk/|playbook') THEN 'tablet'
    WHEN regexp_matches(ua, '(?i)android') AND NOT regexp_matches(ua, '(?i)mobile') THEN 'tablet'
    WHEN regexp_matches(ua, '(?i)mobi|iphone|ipod|android|blackberry|opera mini|windows phone')
        THEN 'mobile'
    ELSE 'desktop'
END;

-- Rows loaded before events.event_day existed (a no-op once filled: no row group has a null).
UPDATE events SET event_day = paris_date(event_time(ts, sent_at, received_at))
WHERE event_day IS NULL;
