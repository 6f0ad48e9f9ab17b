-- One-time links a user sets its password through (decision 0033). The link carries a random
-- token; the hub keeps only its SHA-256. A link lasts 24 h, is used once, and a new link of
-- the same user revokes the previous one.
CREATE TABLE password_links (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,            -- the actor's label (user:usr_…, api_key:key_…, cli)
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    revoked_at TEXT
);
CREATE INDEX password_links_user ON password_links (user_id);
