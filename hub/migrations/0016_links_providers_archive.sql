-- Redirect links and providers are archived, never deleted (events and leads refer to them).
-- An archived link still redirects (a printed ad must not break) but its clicks are
-- quarantined (key:inactive); an archived provider's keys are revoked.
ALTER TABLE links ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE links ADD COLUMN updated_at TEXT;
ALTER TABLE providers ADD COLUMN archived_at TEXT;
