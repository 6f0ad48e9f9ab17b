-- The buyers a form's consent text names, for one consent version (none: any buyer).
SELECT buyer_id FROM consent_buyers WHERE form_id = :form_id AND consent_version = :consent_version;
