-- What a backup's manifest counts in the hub copy, checked again after a restore.
SELECT
    (SELECT count(*) FROM leads) AS leads,
    (SELECT count(*) FROM deliveries) AS deliveries,
    (SELECT count(*) FROM outbox) AS outbox;
