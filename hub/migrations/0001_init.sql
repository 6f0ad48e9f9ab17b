-- leadhub hub schema v1. Times are ISO-8601 UTC text ("2026-11-22T01:05:20.123456+00:00"),
-- money is integer euro cents, ids are text (prefix + random), JSON columns hold JSON text.

CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES accounts(id),
    kind        TEXT NOT NULL CHECK (kind IN ('entity', 'brand')),
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id    TEXT NOT NULL REFERENCES users(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'ops', 'marketer', 'analyst')),
    PRIMARY KEY (user_id, account_id)
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE products (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);

CREATE TABLE landing_pages (
    id           TEXT PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL,
    url          TEXT NOT NULL,
    product_code TEXT NOT NULL REFERENCES products(code),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);

CREATE TABLE forms (
    id              TEXT PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    lp_id           TEXT REFERENCES landing_pages(id),
    name            TEXT NOT NULL,
    url             TEXT NOT NULL,
    thank_you_url   TEXT NOT NULL,
    product_code    TEXT NOT NULL REFERENCES products(code),
    consent_version TEXT NOT NULL,
    consent_text    TEXT NOT NULL,
    required_fields TEXT NOT NULL DEFAULT '["first_name","last_name","phone","postal_code"]',
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL
);

-- Origins allowed to send credentialed beacons for an account (CORS echo list).
CREATE TABLE allowed_origins (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    origin     TEXT NOT NULL,
    PRIMARY KEY (account_id, origin)
);

CREATE TABLE buyers (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    name         TEXT NOT NULL,
    webhook_url  TEXT NOT NULL,
    secret_enc   TEXT NOT NULL,   -- Fernet-encrypted "whsec_..." signing secret
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);

CREATE TABLE commandes (
    id            TEXT PRIMARY KEY,
    buyer_id      TEXT NOT NULL REFERENCES buyers(id),
    name          TEXT NOT NULL,
    product_code  TEXT NOT NULL REFERENCES products(code),
    departements  TEXT NOT NULL DEFAULT '*',  -- '*' or JSON list like ["75","2A","974"]
    daily_cap     INTEGER,                    -- NULL = no cap
    price_cents   INTEGER NOT NULL,
    priority      INTEGER NOT NULL DEFAULT 100, -- lower is tried first
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

-- Cap reservations: one row per commande and Europe/Paris period ("day:2026-11-22").
CREATE TABLE cap_usage (
    commande_id TEXT NOT NULL REFERENCES commandes(id),
    period      TEXT NOT NULL,
    used        INTEGER NOT NULL,
    PRIMARY KEY (commande_id, period)
);

CREATE TABLE leads (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts(id),
    form_id          TEXT NOT NULL REFERENCES forms(id),
    lp_id            TEXT REFERENCES landing_pages(id),
    product_code     TEXT NOT NULL,
    status           TEXT NOT NULL,   -- new | routed | sold | unrouted | duplicate | invalid
    status_reason    TEXT,
    first_name       TEXT,
    last_name        TEXT,
    email            TEXT,
    phone_e164       TEXT,
    phone_class      TEXT,            -- valid | suspicious | invalid
    postal_code      TEXT,
    departement      TEXT,
    city             TEXT,
    visitor_id       TEXT,
    session_id       TEXT,
    submission_id    TEXT,
    source           TEXT,            -- utm_source or referrer host
    utm_medium       TEXT,
    utm_campaign     TEXT,
    variant          TEXT,
    page_url         TEXT,
    consent_given    INTEGER NOT NULL DEFAULT 0,
    consent_version  TEXT,
    consent_text     TEXT,
    consent_at       TEXT,
    ip               TEXT,
    user_agent       TEXT,
    is_test          INTEGER NOT NULL DEFAULT 0,
    extra            TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX leads_account_created ON leads(account_id, created_at);
CREATE INDEX leads_session_phone ON leads(session_id, phone_e164, created_at);

-- 24 h replay protection for POST /v1/leads (Idempotency-Key header or submission_id).
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,   -- form key
    key          TEXT NOT NULL,
    status_code  INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Transactional outbox: 'route' (lead_id) and 'deliver' (delivery_id) jobs, claimed with a lease.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('route', 'deliver')),
    ref_id       TEXT NOT NULL,
    available_at TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    claimed_by   TEXT,
    lease_until  TEXT,
    done_at      TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox(done_at, available_at);

CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,  -- also the stable idempotency key sent to the buyer
    lead_id         TEXT NOT NULL REFERENCES leads(id),
    buyer_id        TEXT NOT NULL REFERENCES buyers(id),
    commande_id     TEXT NOT NULL REFERENCES commandes(id),
    price_cents     INTEGER NOT NULL,  -- frozen at assignment
    status          TEXT NOT NULL,     -- pending | delivered | rejected | dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    updated_at      TEXT NOT NULL,
    UNIQUE (lead_id, buyer_id)
);

CREATE TABLE delivery_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT NOT NULL REFERENCES deliveries(id),
    attempt_no   INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    duration_ms  REAL NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    outcome      TEXT NOT NULL     -- delivered | retry | rejected | dead
);

-- Why a lead went where it went (or nowhere): one row per commande considered.
CREATE TABLE routing_decisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id      TEXT NOT NULL REFERENCES leads(id),
    commande_id  TEXT,
    outcome      TEXT NOT NULL,    -- selected | skipped | unrouted
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX routing_decisions_lead ON routing_decisions(lead_id);

CREATE TABLE activity_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  TEXT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT,
    detail      TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
