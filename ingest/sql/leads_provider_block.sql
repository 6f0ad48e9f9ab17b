UPDATE providers SET blocked = ?, blocked_reason = ?, updated_at = ? WHERE id = ?
