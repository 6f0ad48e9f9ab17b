-- check: Every counted lead is on exactly one row (leads add up to lead_attribution's).
SELECT abs(
    (SELECT coalesce(sum(leads), 0) FROM acquisition_daily)
    - (SELECT count(*) FROM lead_attribution
       WHERE NOT coalesce(is_test, false) AND status NOT IN ('duplicate', 'invalid', 'spam'))
)
