-- check: Every lead has exactly one attribution row.
SELECT abs((SELECT count(*) FROM lead_attribution) - (SELECT count(DISTINCT id) FROM leads))
    + (SELECT count(*) - count(DISTINCT lead_id) FROM lead_attribution)
