-- leadhub hub schema v2: lead intake (POST /v1/leads).

-- Every refused submission is kept with its reason (never a silent drop): unknown or inactive
-- form key, invalid fields, malformed body. `payload` is the submission as received (JSON).
CREATE TABLE lead_rejections (
    id           TEXT PRIMARY KEY,
    form_key     TEXT,
    account_id   TEXT,             -- the form's account when the form key is known
    status_code  INTEGER NOT NULL, -- the HTTP status answered (400, 404, 413, 422)
    reason       TEXT NOT NULL,    -- "unknown_form", "validation: phone=invalid_phone", ...
    payload      TEXT NOT NULL,
    ip           TEXT,
    user_agent   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX lead_rejections_created ON lead_rejections(created_at);
CREATE INDEX lead_rejections_account ON lead_rejections(account_id, created_at);

-- Attribution fields sent with the lead that schema v1 had no column for.
ALTER TABLE leads ADD COLUMN utm_source TEXT;
ALTER TABLE leads ADD COLUMN utm_term TEXT;
ALTER TABLE leads ADD COLUMN utm_content TEXT;
ALTER TABLE leads ADD COLUMN gclid TEXT;
ALTER TABLE leads ADD COLUMN fbclid TEXT;
ALTER TABLE leads ADD COLUMN referrer TEXT;
CREATE INDEX leads_form_created ON leads(form_id, created_at);

-- Fingerprint of the request that stored an answer: a refused (4xx) answer is replayed only for
-- the same request, so a corrected resubmission with the same key is processed.
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
