-- The roller's dedupe index (spool/dedupe.sqlite3): event ids already rolled, and by which segment.
CREATE TABLE IF NOT EXISTS rolled (event_id TEXT PRIMARY KEY, segment TEXT NOT NULL,
    rolled_at REAL NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rolled_at ON rolled(rolled_at);
