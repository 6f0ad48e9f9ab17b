-- check: Every countable lead is counted once in the funnel.
-- Every countable lead is in exactly one funnel row (no lead lost or doubled by attribution).
SELECT abs(
    (SELECT coalesce(sum(leads), 0) FROM funnel_daily)
  - (SELECT count(*) FROM leads WHERE status NOT IN ('duplicate', 'invalid', 'spam'))
)
