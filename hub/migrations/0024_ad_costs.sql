-- Ad spend (issue 11, item 5): what an account paid per day × source × campaign, imported from a
-- CSV (ours, Google Ads or Meta export names) or JSON rows. Importing the same day × source ×
-- campaign again replaces it; import_id names the import that wrote the row (the activity log
-- holds its entry). Amounts in cents, EUR only; date is the ad platform's (Paris) day.
CREATE TABLE ad_costs (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    source      TEXT NOT NULL CHECK (source <> ''),
    campaign    TEXT NOT NULL CHECK (campaign <> ''),
    cost_cents  INTEGER NOT NULL CHECK (cost_cents >= 0),
    currency    TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
    imported_at TEXT NOT NULL,
    import_id   TEXT NOT NULL,
    UNIQUE (account_id, date, source, campaign)
);
CREATE INDEX ad_costs_date ON ad_costs (date);
