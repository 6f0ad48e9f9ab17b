-- Forget event ids rolled before a time (epoch seconds).
DELETE FROM rolled WHERE rolled_at < ?
