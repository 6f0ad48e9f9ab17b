-- Take the next number of an entity's month (1 for the first), inside the issuing transaction.
INSERT INTO invoice_sequences (entity_id, month, last) VALUES (:entity_id, :month, 1)
ON CONFLICT (entity_id, month) DO UPDATE SET last = last + 1
RETURNING last;
