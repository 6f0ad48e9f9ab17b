-- The activity log entry of one change, with who made it (detail: JSON).
INSERT INTO activity_log (account_id, actor, action, subject, detail, created_at)
VALUES (:account_id, :actor, :action, :subject, :detail, :created_at);
