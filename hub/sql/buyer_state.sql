-- Whether a buyer is active, a test buyer, and its account (no row: no such buyer).
SELECT active, is_test, account_id FROM buyers WHERE id = :buyer_id;
