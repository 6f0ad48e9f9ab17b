-- Was this entity's summary of this period already sent (a 'summary.sent' entry)?
SELECT 1 FROM activity_log
WHERE action = 'summary.sent' AND account_id = :account_id AND subject = :subject
LIMIT 1;
