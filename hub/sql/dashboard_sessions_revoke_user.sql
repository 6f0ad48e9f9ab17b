-- Sign-out everywhere: revoke every open session of the user.
UPDATE dashboard_sessions SET revoked_at = :now WHERE user_id = :user_id AND revoked_at IS NULL;
