"""The tracking health domain: the daily ``tracking_health`` model and the live alert sensor."""
