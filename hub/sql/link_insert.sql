-- A new tracked redirect link.
INSERT INTO links (link_key, account_id, lp_id, form_id, name, target_url, active, created_at,
                   updated_at)
VALUES (:link_key, :account_id, :lp_id, :form_id, :name, :target_url, 1, :created_at,
        :created_at);
