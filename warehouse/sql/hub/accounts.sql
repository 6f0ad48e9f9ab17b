SELECT id, name, parent_id, kind, created_at FROM accounts
