-- The catalogue's finer settings (issue 9): a form's field aliases (the page's own field names
-- → lead fields, JSON object), an LP's A/B variant labels (JSON list, the first is the control),
-- and every consent text a form has shown, by version: a lead keeps the version it saw, and
-- consent_buyers (0008) names the buyers of each version.
ALTER TABLE forms ADD COLUMN field_aliases TEXT NOT NULL DEFAULT '{}';
ALTER TABLE landing_pages ADD COLUMN variants TEXT NOT NULL DEFAULT '[]';
CREATE TABLE consent_texts (
    form_id         TEXT NOT NULL REFERENCES forms(id),
    consent_version TEXT NOT NULL,
    consent_text    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (form_id, consent_version)
);
INSERT INTO consent_texts (form_id, consent_version, consent_text, created_at)
SELECT id, consent_version, consent_text, created_at FROM forms;
-- Whatever writes a form (the services, the demo seed, a copy), its consent text is kept.
CREATE TRIGGER consent_text_of_new_form AFTER INSERT ON forms BEGIN
    INSERT OR IGNORE INTO consent_texts (form_id, consent_version, consent_text, created_at)
    VALUES (NEW.id, NEW.consent_version, NEW.consent_text, NEW.created_at);
END;
CREATE TRIGGER consent_text_of_changed_form AFTER UPDATE OF consent_version ON forms BEGIN
    INSERT OR IGNORE INTO consent_texts (form_id, consent_version, consent_text, created_at)
    VALUES (NEW.id, NEW.consent_version, NEW.consent_text,
            strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
END;
