-- leadhub schema: tracked links for GET /r/{link_key} (the collector records a cta_click, then
-- answers 302 to target_url with the visitor/session ids and UTM carried over; works with no JS).
-- A link belongs to an LP (the click is recorded with the LP's key) or, for links outside any
-- LP (e-mail, SMS), to a form (recorded with the form's key).
CREATE TABLE links (
    link_key    TEXT PRIMARY KEY CHECK (link_key GLOB '[A-Za-z0-9]*'
                                        AND NOT link_key GLOB '*[^A-Za-z0-9_-]*'
                                        AND length(link_key) <= 64),
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    lp_id       TEXT REFERENCES landing_pages(id),
    form_id     TEXT REFERENCES forms(id),
    name        TEXT NOT NULL DEFAULT '',
    target_url  TEXT NOT NULL CHECK (target_url LIKE 'http://%' OR target_url LIKE 'https://%'),
    created_at  TEXT NOT NULL,
    CHECK (lp_id IS NOT NULL OR form_id IS NOT NULL)
);
CREATE INDEX links_account ON links(account_id);
CREATE INDEX links_lp ON links(lp_id);
