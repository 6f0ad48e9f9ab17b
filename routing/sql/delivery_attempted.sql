-- Count one more attempt of a delivery and its last error; :flag marks it as possibly
-- delivered twice (an ambiguous failure to a buyer that does not dedupe), never unmarks it.
UPDATE deliveries
SET attempts = attempts + 1,
    last_error = :error,
    updated_at = :now,
    possible_duplicate = possible_duplicate OR :flag
WHERE id = :delivery_id;
