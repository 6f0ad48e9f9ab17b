-- Every product with the aides it qualifies for (a JSON list).
SELECT code, label, aides FROM products ORDER BY code;
