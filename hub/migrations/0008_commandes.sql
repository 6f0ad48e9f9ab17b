-- leadhub hub schema v8: the full commande model (issue 4, item 2).
-- Caps count units per Europe/Paris period in cap_usage ("day:2026-03-29", "week:2026-03-23"
-- (the Monday), "month:2026-03"; backlog leads also in "lb-day:…", "lb-week:…", "lb-month:…").
ALTER TABLE commandes ADD COLUMN weekly_cap INTEGER;       -- NULL = no cap
ALTER TABLE commandes ADD COLUMN monthly_cap INTEGER;      -- NULL = no cap
-- Among commandes of equal priority, a weighted draw (per lead, reproducible).
ALTER TABLE commandes ADD COLUMN weight INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 1);
-- Validity: Europe/Paris dates, both inclusive; NULL = open-ended.
ALTER TABLE commandes ADD COLUMN valid_from TEXT;
ALTER TABLE commandes ADD COLUMN valid_until TEXT;
-- Delivery calendar on the Paris clock: ISO weekdays (1 = Monday), hours [from, to) as HH:MM
-- (NULL = all day), closed dates (JSON list of YYYY-MM-DD), closed on French public holidays.
ALTER TABLE commandes ADD COLUMN delivery_days TEXT NOT NULL DEFAULT '[1,2,3,4,5,6,7]';
ALTER TABLE commandes ADD COLUMN hours_from TEXT;
ALTER TABLE commandes ADD COLUMN hours_to TEXT;
ALTER TABLE commandes ADD COLUMN closed_dates TEXT NOT NULL DEFAULT '[]';
ALTER TABLE commandes ADD COLUMN closed_on_holidays INTEGER NOT NULL DEFAULT 0;
-- 1 = exclusive; N > 1 = the lead may be shared by up to N buyers.
ALTER TABLE commandes ADD COLUMN max_buyers INTEGER NOT NULL DEFAULT 1 CHECK (max_buyers >= 1);
-- Share (%) of each cap that backlog "LB" leads may fill (0 = takes no backlog), and their price.
ALTER TABLE commandes ADD COLUMN backlog_share INTEGER NOT NULL DEFAULT 0
    CHECK (backlog_share BETWEEN 0 AND 100);
ALTER TABLE commandes ADD COLUMN backlog_price_cents INTEGER;
-- Leads produced by another entity: never; fallback = only when no commande of the lead's own
-- entity takes it; always = competes on priority. Provider leads never cross entities.
ALTER TABLE commandes ADD COLUMN cross_entity TEXT NOT NULL DEFAULT 'fallback'
    CHECK (cross_entity IN ('never', 'fallback', 'always'));
ALTER TABLE commandes ADD COLUMN updated_at TEXT;

-- fresh = first sale of the lead; backlog = resold as "LB".
ALTER TABLE deliveries ADD COLUMN sale_kind TEXT NOT NULL DEFAULT 'fresh'
    CHECK (sale_kind IN ('fresh', 'backlog'));

-- Buyers named in a form's consent text (per consent version): when a form's version lists
-- buyers, its leads may go only to them.
CREATE TABLE consent_buyers (
    form_id         TEXT NOT NULL REFERENCES forms(id),
    consent_version TEXT NOT NULL,
    buyer_id        TEXT NOT NULL REFERENCES buyers(id),
    PRIMARY KEY (form_id, consent_version, buyer_id)
);

-- A blocked traffic source (leads.source, e.g. "facebook") of an account and its sub-accounts:
-- its leads are held (status 'held', reason 'source_blocked') until it is unblocked.
CREATE TABLE source_blocks (
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    source      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, source)
);

-- When a sold lead was last offered for backlog resale (at most once a day).
CREATE TABLE backlog_offers (
    lead_id     TEXT PRIMARY KEY REFERENCES leads(id),
    offered_at  TEXT NOT NULL
);

CREATE INDEX outbox_ref ON outbox(ref_id, kind);
CREATE INDEX deliveries_commande_created ON deliveries(commande_id, created_at);
