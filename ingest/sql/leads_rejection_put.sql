INSERT INTO lead_rejections
    (id, form_key, account_id, status_code, reason, payload, ip, user_agent, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
