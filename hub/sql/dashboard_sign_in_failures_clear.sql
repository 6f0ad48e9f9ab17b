-- A successful sign-in clears the failures of this e-mail from this client only.
DELETE FROM dashboard_sign_in_failures WHERE email = :email AND client = :client;
