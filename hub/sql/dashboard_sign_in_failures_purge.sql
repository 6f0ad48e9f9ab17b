-- Forget failures older than the counting window.
DELETE FROM dashboard_sign_in_failures WHERE failed_at < :before;
