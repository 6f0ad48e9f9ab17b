-- Use a link once: only an open, unexpired link is marked (rowcount 0: someone was first).
UPDATE password_links SET used_at = :now
WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now;
