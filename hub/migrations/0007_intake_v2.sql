-- leadhub hub schema v7: lead intake v2 (providers, entity of a lead, spam defences).

-- Outside suppliers that post leads with their own API key (api_keys.provider_id). A provider
-- belongs to one account; its leads stay in that account's entity. A blocked provider's leads
-- are stored with status 'held' (reason 'source_blocked') and not routed.
CREATE TABLE providers (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    name           TEXT NOT NULL,
    blocked        INTEGER NOT NULL DEFAULT 0,
    blocked_reason TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (account_id, name)
);

-- A key with a provider_id is that provider's key: it may post leads, never manage the account.
ALTER TABLE api_keys ADD COLUMN provider_id TEXT REFERENCES providers(id);

-- provider_id: who posted it (NULL = the public form intake or an account's own key).
-- entity_id: the root account (selling entity) of the lead's account; routing keeps provider
-- leads inside it. duplicate_of: the earlier lead this one repeats (status 'duplicate').
ALTER TABLE leads ADD COLUMN provider_id TEXT REFERENCES providers(id);
ALTER TABLE leads ADD COLUMN entity_id TEXT REFERENCES accounts(id);
ALTER TABLE leads ADD COLUMN duplicate_of TEXT;
UPDATE leads SET entity_id = (
    WITH RECURSIVE up(id, parent_id) AS (
        SELECT id, parent_id FROM accounts WHERE id = leads.account_id
        UNION ALL
        SELECT accounts.id, accounts.parent_id FROM accounts JOIN up ON accounts.id = up.parent_id
    )
    SELECT id FROM up WHERE parent_id IS NULL
);
CREATE INDEX leads_provider_created ON leads(provider_id, created_at);
CREATE INDEX leads_status_created ON leads(status, created_at);

-- Per-IP lead submission counters shared by every collector process (fixed windows; the
-- limit is checked on a sliding estimate over the current and previous window).
CREATE TABLE intake_rate (
    window_start INTEGER NOT NULL,  -- unix seconds, a multiple of the window length
    ip           TEXT NOT NULL,     -- IPv4 address or IPv6 /64 network
    count        INTEGER NOT NULL,
    PRIMARY KEY (window_start, ip)
) WITHOUT ROWID;
