-- Count one lead from this address in the current window (shared by every collector process).
INSERT INTO intake_rate (window_start, ip, count) VALUES (:current, :ip, 1)
ON CONFLICT (window_start, ip) DO UPDATE SET count = count + 1
