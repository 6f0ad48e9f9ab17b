-- Revoke the user's open password links (a new link replaces them; a password set ends them).
UPDATE password_links SET revoked_at = :now
WHERE user_id = :user_id AND used_at IS NULL AND revoked_at IS NULL;
