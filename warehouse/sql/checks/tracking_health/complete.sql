-- check: Every accepted LP/form event is counted once.
-- Every accepted event of an LP or form is counted once in tracking_health.
SELECT abs(
    (SELECT coalesce(sum(events), 0) FROM tracking_health)
  - (SELECT count(*) FROM events WHERE coalesce(form_id, lp_id) IS NOT NULL)
)
