-- Change a tracked redirect link (its key, account and LP never change).
UPDATE links
SET form_id = :form_id, name = :name, target_url = :target_url, active = :active,
    updated_at = :updated_at
WHERE link_key = :link_key;
