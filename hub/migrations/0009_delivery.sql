-- Delivery adapters, circuit breakers, daily CSV batches, returns/credits, intercompany prices.

-- How each buyer receives leads. delivery_config is JSON without secrets (HTTP mapping, e-mail
-- recipients, CSV columns and send time); auth_enc is a Fernet-encrypted JSON object of the
-- secret headers (e.g. {"Authorization": "Bearer …"}), never stored in clear.
ALTER TABLE buyers ADD COLUMN delivery_mode TEXT NOT NULL DEFAULT 'webhook'
    CHECK (delivery_mode IN ('webhook', 'http_mapping', 'csv_email', 'email'));
ALTER TABLE buyers ADD COLUMN delivery_config TEXT NOT NULL DEFAULT '{}';
ALTER TABLE buyers ADD COLUMN auth_enc TEXT;
-- 1: the buyer drops a replay of the same Idempotency-Key; 0: a resend may create a duplicate.
ALTER TABLE buyers ADD COLUMN dedupes INTEGER NOT NULL DEFAULT 1;
ALTER TABLE buyers ADD COLUMN return_window_days INTEGER NOT NULL DEFAULT 7;

-- A timeout or dropped connection after sending to a buyer that does not dedupe: the buyer may
-- hold the lead twice. batch_id: the daily CSV batch carrying this delivery. transfer_cents:
-- intercompany transfer price, frozen when a lead produced by one entity is sold by another.
ALTER TABLE deliveries ADD COLUMN possible_duplicate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN batch_id TEXT;
ALTER TABLE deliveries ADD COLUMN transfer_cents INTEGER;
CREATE INDEX deliveries_batch ON deliveries(batch_id) WHERE batch_id IS NOT NULL;

-- 1 when the request may have reached the buyer (timeout or connection lost after sending).
ALTER TABLE delivery_attempts ADD COLUMN ambiguous INTEGER NOT NULL DEFAULT 0;
CREATE INDEX delivery_attempts_delivery ON delivery_attempts(delivery_id);

-- One breaker per buyer endpoint (scheme://host:port, or smtp://host:port), shared by every
-- worker process: closed → open after N failures in a row → half_open (one probe) → closed.
CREATE TABLE circuit_breakers (
    endpoint     TEXT PRIMARY KEY,
    state        TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
    failures     INTEGER NOT NULL,
    cool_down    REAL NOT NULL,
    open_until   TEXT,
    probe_until  TEXT,
    updated_at   TEXT NOT NULL
);

-- One CSV e-mail per buyer and Europe/Paris send date; its job is a 'deliver' outbox row
-- whose ref_id is the batch id.
CREATE TABLE csv_batches (
    id          TEXT PRIMARY KEY,
    buyer_id    TEXT NOT NULL REFERENCES buyers(id),
    send_on     TEXT NOT NULL,          -- Europe/Paris date
    due_at      TEXT NOT NULL,          -- UTC time of the buyer's Paris send time that day
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'rejected', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    rows_sent   INTEGER,
    sent_at     TEXT,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (buyer_id, send_on)
);

-- Intercompany transfer price per product (euro cents, HT).
CREATE TABLE transfer_prices (
    product_code TEXT PRIMARY KEY,
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    updated_at   TEXT NOT NULL
);
INSERT INTO transfer_prices VALUES
    ('PV', 2500, '2026-11-22T00:00:00.000000+00:00'),
    ('PAC', 3000, '2026-11-22T00:00:00.000000+00:00'),
    ('ITE', 2000, '2026-11-22T00:00:00.000000+00:00');

-- Money given back to a buyer: a returned lead (its frozen price, once per delivery) or a
-- manual credit with a reason. Credits count in the Paris month they are created in.
CREATE TABLE credits (
    id             TEXT PRIMARY KEY,
    buyer_id       TEXT NOT NULL REFERENCES buyers(id),
    kind           TEXT NOT NULL CHECK (kind IN ('return', 'manual')),
    delivery_id    TEXT REFERENCES deliveries(id),
    lead_id        TEXT REFERENCES leads(id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
    transfer_cents INTEGER,             -- intercompany transfer reversed by a return
    reason         TEXT NOT NULL,
    actor          TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX credits_one_return ON credits(delivery_id) WHERE kind = 'return';
CREATE INDEX credits_buyer ON credits(buyer_id, created_at);
