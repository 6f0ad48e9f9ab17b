-- The account a buyer belongs to and its billing cycle (no row: no such buyer).
SELECT account_id, billing_cycle FROM buyers WHERE id = :buyer_id;
