-- Dashboard sign-in that survives a reload (decision 0027). The browser keeps a random token in
-- a cookie; the hub keeps only its SHA-256, with an expiry. Sign-out revokes every session of
-- the user. Failed sign-ins are counted here so the limit holds across Streamlit sessions and
-- processes.
CREATE TABLE dashboard_sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_id);

CREATE TABLE dashboard_sign_in_failures (
    id        INTEGER PRIMARY KEY,
    email     TEXT NOT NULL,            -- lower-cased, trimmed: as typed, the user may not exist
    client    TEXT NOT NULL,            -- the client address ('local' on loopback)
    failed_at TEXT NOT NULL
);
CREATE INDEX dashboard_sign_in_failures_email ON dashboard_sign_in_failures (email, failed_at);
CREATE INDEX dashboard_sign_in_failures_client ON dashboard_sign_in_failures (client, failed_at);
