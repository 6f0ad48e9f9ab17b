-- Flag (1) or unflag (0) a lead as test traffic (kept out of billing and funnels).
UPDATE leads SET is_test = :is_test, updated_at = :now WHERE id = :lead_id;
