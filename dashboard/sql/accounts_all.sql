-- Every account: the scope of a super_admin.
SELECT id, name FROM accounts ORDER BY name, id;
