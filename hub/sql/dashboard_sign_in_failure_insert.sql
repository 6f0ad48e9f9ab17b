-- One failed dashboard sign-in.
INSERT INTO dashboard_sign_in_failures (email, client, failed_at) VALUES (:email, :client, :now);
