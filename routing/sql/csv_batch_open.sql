-- The buyer's pending CSV batch to add a delivery to: the oldest one due on or before :day.
SELECT id FROM csv_batches
WHERE buyer_id = :buyer_id AND status = 'pending' AND send_on <= :day
ORDER BY send_on
LIMIT 1;
