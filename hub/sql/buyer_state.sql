-- Whether a buyer is active, and its account (no row: no such buyer).
SELECT active, account_id FROM buyers WHERE id = :buyer_id;
