SELECT id FROM providers WHERE account_id = ? AND name = ?
