-- A form's new consent version and its text (kept for ever: leads refer to it).
INSERT OR IGNORE INTO consent_texts (form_id, consent_version, consent_text, created_at)
VALUES (:form_id, :consent_version, :consent_text, :created_at);
