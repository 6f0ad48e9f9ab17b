-- The time of the (:offset + 1)-th most recent failure of this e-mail since :since (no row: fewer).
SELECT failed_at FROM dashboard_sign_in_failures
WHERE email = :key AND failed_at > :since
ORDER BY failed_at DESC
LIMIT 1 OFFSET :offset;
