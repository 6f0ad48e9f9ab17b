-- GDPR erasure and opposition (issue 12, item 4; decision 0051).

-- The opposition list: a person who objected (or was erased) has their leads refused at
-- intake. Only a keyed hash (HMAC-SHA256 with a key derived from the instance secret) of the
-- normalised phone (E.164) or e-mail (trimmed, lowercase) is kept, never the value.
-- account_id: the account (and its sub-accounts) the opposition applies to; NULL: every account.
CREATE TABLE oppositions (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
    hash        TEXT NOT NULL,
    account_id  TEXT REFERENCES accounts(id),
    reason      TEXT NOT NULL CHECK (reason IN ('request', 'erasure')),
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX oppositions_hash_account ON oppositions(hash, ifnull(account_id, ''));

-- When a lead's personal fields were erased (the row, its counts and its money stay).
ALTER TABLE leads ADD COLUMN erased_at TEXT;

-- The erasure request sent to each buyer that received an erased lead: a 'deliver' outbox job
-- whose ref_id is the notice id (ern_…, also the webhook-id / idempotency key), retried like a
-- delivery. No personal data: the lead id and the delivery id the buyer received.
CREATE TABLE erasure_notices (
    id           TEXT PRIMARY KEY,
    erasure_id   TEXT NOT NULL,
    delivery_id  TEXT NOT NULL REFERENCES deliveries(id),
    lead_id      TEXT NOT NULL REFERENCES leads(id),
    buyer_id     TEXT NOT NULL REFERENCES buyers(id),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'rejected', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (erasure_id, delivery_id)
);
CREATE INDEX erasure_notices_erasure ON erasure_notices(erasure_id);
CREATE INDEX erasure_notices_lead ON erasure_notices(lead_id);
