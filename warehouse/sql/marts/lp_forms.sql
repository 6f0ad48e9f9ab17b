-- depends: forms
-- lp_forms: the form an LP's events are attributed to (its first active form) when they name none.
CREATE OR REPLACE TABLE lp_forms AS
SELECT lp_id, first(id ORDER BY active DESC, created_at, id) AS form_id
FROM forms
WHERE lp_id IS NOT NULL
GROUP BY lp_id
ORDER BY lp_id;
