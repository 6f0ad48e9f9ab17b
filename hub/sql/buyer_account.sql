-- The account a buyer belongs to (no row: no such buyer).
SELECT account_id FROM buyers WHERE id = :buyer_id;
