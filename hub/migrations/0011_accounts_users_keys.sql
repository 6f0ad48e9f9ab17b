-- Accounts, users and API keys managed without SQL (leadhub init, API v1, the CLI).
-- Memberships take the six roles of the permission table (hub.services.actor.ROLES); SQLite
-- cannot change a CHECK, so the table is rebuilt with its rows (the old 'analyst' is 'viewer').
CREATE TABLE memberships_new (
    user_id    TEXT NOT NULL REFERENCES users(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL CHECK (
        role IN ('super_admin', 'admin', 'ops', 'marketer', 'finance', 'viewer')
    ),
    PRIMARY KEY (user_id, account_id)
);
INSERT INTO memberships_new (user_id, account_id, role)
SELECT user_id, account_id, CASE role WHEN 'analyst' THEN 'viewer' ELSE role END
FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
CREATE INDEX memberships_account ON memberships(account_id);

-- A key acts with its own role on its account tree; last use is touched at most once a minute.
ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (
    role IN ('super_admin', 'admin', 'ops', 'marketer', 'finance', 'viewer')
);
ALTER TABLE api_keys ADD COLUMN last_used_at TEXT;

-- A user is disabled (can no longer sign in), never deleted: the activity log names it.
ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- The legal identity of an entity (invoices need it); an archived account is kept, not deleted.
ALTER TABLE accounts ADD COLUMN legal_name TEXT;
ALTER TABLE accounts ADD COLUMN siren TEXT;
ALTER TABLE accounts ADD COLUMN vat_number TEXT;
ALTER TABLE accounts ADD COLUMN address TEXT;
ALTER TABLE accounts ADD COLUMN archived_at TEXT;
