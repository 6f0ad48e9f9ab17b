-- What people and programs did to one lead (requeue, reroute, return, test flag), oldest first.
SELECT actor, action, detail, created_at
FROM activity_log
WHERE subject = :lead_id AND action LIKE 'lead.%'
ORDER BY id;
