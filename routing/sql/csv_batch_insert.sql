-- A new daily CSV batch of a buyer, sent on :send_on at :due_at.
INSERT INTO csv_batches (id, buyer_id, send_on, due_at, status, created_at)
VALUES (:batch_id, :buyer_id, :send_on, :due_at, 'pending', :now);
