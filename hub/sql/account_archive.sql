-- Archive an account (kept: leads, sales and the activity log refer to it).
UPDATE accounts SET archived_at = :now WHERE id = :id AND archived_at IS NULL;
