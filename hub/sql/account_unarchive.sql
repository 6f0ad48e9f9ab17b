-- Unarchive an account: its new leads are routed again, its buyers' commandes taken again.
UPDATE accounts SET archived_at = NULL WHERE id = :id AND archived_at IS NOT NULL;
