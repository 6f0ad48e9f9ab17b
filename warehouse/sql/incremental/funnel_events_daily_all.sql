-- Every Paris date received that funnel_sessions_daily has: a whole rebuild.
SELECT DISTINCT date FROM funnel_sessions_daily
