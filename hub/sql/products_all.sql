-- Every product with the aides it qualifies for (a JSON list) and when it was archived.
SELECT code, label, aides, archived_at FROM products ORDER BY code;
