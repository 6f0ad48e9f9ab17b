-- One daily CSV batch with its buyer's e-mail settings.
SELECT c.id, c.buyer_id, c.send_on, c.due_at, c.status, c.attempts,
       b.name AS buyer_name, b.account_id AS buyer_account_id, b.delivery_config
FROM csv_batches c
JOIN buyers b ON b.id = c.buyer_id
WHERE c.id = :batch_id;
