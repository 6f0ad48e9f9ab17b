INSERT INTO activity_log (account_id, actor, action, subject, detail, created_at)
VALUES (:account_id, 'health', :action, :subject, :detail, :created_at);
